package dev.orderpipeline.inventory.events;

import java.util.List;
import java.util.UUID;

import dev.orderpipeline.contract.Destination;
import dev.orderpipeline.contract.OrderMessage;

/** The order cannot be served: nothing was held. */
public record StockRejected(UUID orderId, String reason, List<String> unavailableSkus) implements OrderMessage {

    public static final String TYPE = "dev.orderpipeline.inventory.stock-rejected.v1";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Destination destination() {
        return Destination.INVENTORY;
    }
}
