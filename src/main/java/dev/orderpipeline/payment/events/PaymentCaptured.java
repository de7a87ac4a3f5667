package dev.orderpipeline.payment.events;

import java.math.BigDecimal;
import java.util.UUID;

import dev.orderpipeline.contract.Destination;
import dev.orderpipeline.contract.OrderMessage;

/** The order's amount was captured by the payment provider. */
public record PaymentCaptured(UUID orderId, BigDecimal amount, String providerReference) implements OrderMessage {

    public static final String TYPE = "dev.orderpipeline.payment.captured.v1";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Destination destination() {
        return Destination.PAYMENTS;
    }
}
