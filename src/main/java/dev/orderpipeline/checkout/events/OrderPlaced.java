package dev.orderpipeline.checkout.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.orderpipeline.contract.Destination;
import dev.orderpipeline.contract.OrderMessage;

/** A checkout was accepted: the order waits for stock. */
public record OrderPlaced(UUID orderId, String customerEmail, List<OrderLine> lines, BigDecimal total, Instant placedAt)
        implements OrderMessage {

    public static final String TYPE = "dev.orderpipeline.checkout.order-placed.v1";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Destination destination() {
        return Destination.ORDERS;
    }
}
