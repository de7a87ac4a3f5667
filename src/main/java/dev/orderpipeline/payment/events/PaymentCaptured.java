package dev.orderpipeline.payment.events;

import java.math.BigDecimal;
import java.util.UUID;

/** The order's amount was captured by the payment provider. */
public record PaymentCaptured(UUID orderId, BigDecimal amount, String providerReference) {

    public static final String TYPE = "dev.orderpipeline.payment.captured.v1";
}
