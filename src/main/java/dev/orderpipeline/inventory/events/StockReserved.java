package dev.orderpipeline.inventory.events;

import java.math.BigDecimal;
import java.util.UUID;

/** Every line of the order is held; payment may charge {@code amount}. */
public record StockReserved(UUID orderId, BigDecimal amount) {

    public static final String TYPE = "dev.orderpipeline.inventory.stock-reserved.v1";
}
