package dev.orderpipeline.inventory.events;

import java.math.BigDecimal;
import java.util.UUID;

import dev.orderpipeline.contract.Destination;
import dev.orderpipeline.contract.OrderMessage;

/** Every line of the order is held; payment may charge {@code amount}. */
public record StockReserved(UUID orderId, BigDecimal amount) implements OrderMessage {

    public static final String TYPE = "dev.orderpipeline.inventory.stock-reserved.v1";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Destination destination() {
        return Destination.INVENTORY;
    }
}
