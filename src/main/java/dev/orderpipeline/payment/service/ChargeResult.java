package dev.orderpipeline.payment.service;

/** What the payment provider answered for one idempotency key. */
public record ChargeResult(boolean captured, String reference, String declineReason) {

    public static ChargeResult captured(String reference) {
        return new ChargeResult(true, reference, null);
    }

    public static ChargeResult declined(String reference, String reason) {
        return new ChargeResult(false, reference, reason);
    }
}
