package dev.orderpipeline.payment.service;

import java.math.BigDecimal;

import dev.orderpipeline.messaging.TransientFailureException;

/**
 * A payment provider. Implementations must honour the idempotency key: charging the same key again returns the
 * first answer and never captures twice.
 */
public interface PaymentGateway {

    /**
     * Charges {@code amount} once per {@code idempotencyKey}.
     *
     * @throws TransientFailureException when the provider is briefly unavailable; the same key may be retried
     */
    ChargeResult charge(String idempotencyKey, BigDecimal amount);
}
