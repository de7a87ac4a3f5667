package dev.orderpipeline.payment.events;

import java.math.BigDecimal;
import java.util.UUID;

import dev.orderpipeline.contract.Destination;
import dev.orderpipeline.contract.OrderMessage;

/** The payment provider declined the charge; nothing was captured. */
public record PaymentDeclined(UUID orderId, BigDecimal amount, String reason) implements OrderMessage {

    public static final String TYPE = "dev.orderpipeline.payment.declined.v1";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Destination destination() {
        return Destination.PAYMENTS;
    }
}
