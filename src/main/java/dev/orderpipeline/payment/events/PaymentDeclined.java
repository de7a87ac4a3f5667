package dev.orderpipeline.payment.events;

import java.math.BigDecimal;
import java.util.UUID;

/** The payment provider declined the charge; nothing was captured. */
public record PaymentDeclined(UUID orderId, BigDecimal amount, String reason) {

    public static final String TYPE = "dev.orderpipeline.payment.declined.v1";
}
