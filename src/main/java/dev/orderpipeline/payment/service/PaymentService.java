package dev.orderpipeline.payment.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.orderpipeline.inventory.events.StockReserved;
import dev.orderpipeline.messaging.outbox.Outbox;
import dev.orderpipeline.payment.Payment;
import dev.orderpipeline.payment.events.PaymentCaptured;
import dev.orderpipeline.payment.events.PaymentDeclined;
import dev.orderpipeline.platform.BoundedText;

/** Charges reserved orders, with the order id as the provider's idempotency key. */
@ApplicationScoped
public class PaymentService {

    /** The longest decline reason kept ({@code payment.reason}); a provider's longer text is shortened, not refused. */
    static final int MAX_REASON = 300;

    private final PaymentGateway gateway;
    private final Outbox outbox;

    PaymentService(PaymentGateway gateway, Outbox outbox) {
        this.gateway = gateway;
        this.outbox = outbox;
    }

    @Transactional(TxType.MANDATORY)
    public void charge(StockReserved reserved) {
        if (Payment.findById(reserved.orderId()) != null) {
            return;
        }
        ChargeResult result = gateway.charge(reserved.orderId().toString(), reserved.amount());
        String reason = BoundedText.fit(result.declineReason(), MAX_REASON);
        Payment payment = new Payment();
        payment.orderId = reserved.orderId();
        payment.amount = reserved.amount();
        payment.status = result.captured() ? "CAPTURED" : "DECLINED";
        payment.providerRef = result.reference();
        payment.reason = reason;
        payment.createdAt = Instant.now();
        payment.persist();
        outbox.publish(result.captured()
                ? new PaymentCaptured(reserved.orderId(), reserved.amount(), result.reference())
                : new PaymentDeclined(reserved.orderId(), reserved.amount(), reason));
    }
}
