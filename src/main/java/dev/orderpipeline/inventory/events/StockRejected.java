package dev.orderpipeline.inventory.events;

import java.util.List;
import java.util.UUID;

/** The order cannot be served: nothing was held. */
public record StockRejected(UUID orderId, String reason, List<String> unavailableSkus) {

    public static final String TYPE = "dev.orderpipeline.inventory.stock-rejected.v1";
}
