package dev.orderpipeline.payment.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.orderpipeline.messaging.TransientFailureException;
import dev.orderpipeline.platform.Jdbc;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * A payment provider simulated in-process, with its own ledger committed independently of the caller's
 * transaction, as a remote provider would be. It can fail transiently before or after capturing, which is
 * exactly the case idempotency keys exist for.
 */
@ApplicationScoped
public class SimulatedPaymentGateway implements PaymentGateway {

    private final EntityManager entityManager;
    private final SimulatorSettings settings;
    private volatile Double failureRateOverride;

    SimulatedPaymentGateway(EntityManager entityManager, SimulatorSettings settings) {
        this.entityManager = entityManager;
        this.settings = settings;
    }

    @Override
    public ChargeResult charge(String idempotencyKey, BigDecimal amount) {
        pause();
        // One draw per call: a share failureRate of calls fail, half before the capture, half after it.
        double draw = ThreadLocalRandom.current().nextDouble();
        double rate = failureRate();
        if (draw < rate / 2) {
            throw new TransientFailureException("simulated payment provider failure before capture");
        }
        ChargeResult result = QuarkusTransaction.requiringNew().call(() -> chargeOnce(idempotencyKey, amount));
        if (draw < rate) {
            throw new TransientFailureException("simulated payment provider failure after capture, response lost");
        }
        return result;
    }

    private ChargeResult chargeOnce(String idempotencyKey, BigDecimal amount) {
        String status = amount.compareTo(settings.declineAbove()) > 0 ? "DECLINED" : "CAPTURED";
        return Jdbc.inTransaction(entityManager, connection -> Jdbc.first(connection, PaymentSql.CHARGE,
                row -> result(row.getString(1), row.getString(2)), idempotencyKey, amount, status,
                "sim-" + UUID.randomUUID(), Instant.now()));
    }

    /** The result of the charge the ledger holds for the key, which an earlier call may have recorded. */
    private ChargeResult result(String storedStatus, String reference) {
        return "CAPTURED".equals(storedStatus) ? ChargeResult.captured(reference)
                : ChargeResult.declined(reference, "amount above the provider's limit of " + settings.declineAbove());
    }

    /** The share of calls that fail transiently now. */
    public double failureRate() {
        Double override = failureRateOverride;
        return override == null ? settings.failureRate() : override;
    }

    /** Changes the transient failure rate at run time (operations and fault tests); null restores the configured one. */
    public void failureRate(Double rate) {
        this.failureRateOverride = rate;
    }

    private void pause() {
        if (!settings.latency().isZero()) {
            try {
                Thread.sleep(settings.latency().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
