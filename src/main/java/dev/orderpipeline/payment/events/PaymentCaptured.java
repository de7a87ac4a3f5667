package dev.orderpipeline.payment.events;

import java.math.BigDecimal;
import java.util.UUID;

import dev.orderpipeline.contract.Destination;
import dev.orderpipeline.contract.PipelineMessage;

/** The order's amount was captured by the payment provider. */
public record PaymentCaptured(UUID orderId, BigDecimal amount, String providerReference) implements PipelineMessage {

    public static final String TYPE = "dev.orderpipeline.payment.captured.v1";

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
        return Destination.PAYMENTS;
    }
}
