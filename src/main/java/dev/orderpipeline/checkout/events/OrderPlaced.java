package dev.orderpipeline.checkout.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.orderpipeline.contract.Destination;
import dev.orderpipeline.contract.PipelineMessage;

/** A checkout was accepted: the order waits for stock. */
public record OrderPlaced(UUID orderId, String customerEmail, List<OrderLine> lines, BigDecimal total, Instant placedAt)
        implements PipelineMessage {

    public static final String TYPE = "dev.orderpipeline.checkout.order-placed.v1";

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
        return Destination.ORDERS;
    }
}
