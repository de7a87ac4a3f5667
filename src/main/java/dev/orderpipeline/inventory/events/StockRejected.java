package dev.orderpipeline.inventory.events;

import java.util.List;
import java.util.UUID;

import dev.orderpipeline.contract.Destination;
import dev.orderpipeline.contract.PipelineMessage;

/** The order cannot be served: nothing was held. */
public record StockRejected(UUID orderId, String reason, List<String> unavailableSkus) implements PipelineMessage {

    public static final String TYPE = "dev.orderpipeline.inventory.stock-rejected.v1";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String key() {
        return orderId.toString();
    }

    @Override
    public Destination destination() {
        return Destination.INVENTORY;
    }
}
