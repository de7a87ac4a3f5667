package dev.orderpipeline.messaging.deadletter;

import java.time.Instant;

import dev.orderpipeline.platform.Times;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Records each failed AMQP delivery (in its own transaction), so that when the broker moves the message to its
 * dead-letter address the store can say why it failed and how often.
 */
@ApplicationScoped
public class AmqpFailureLog {

    /** What the log knows of one message's failures. */
    public record Failures(int attempts, String reason, String exceptionClass, String cause, Instant firstFailure,
            Instant lastFailure) {
    }

    private final EntityManager entityManager;

    AmqpFailureLog(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Records one failed delivery and returns when the message first failed, or null if that could not be written.
     * Best effort: when the database itself is the failure, the message still reaches the dead-letter address,
     * with the reason its dead-letter copy carries.
     */
    public Instant record(String consumer, String messageId, Throwable failure, int attempts) {
        try {
            return write(consumer, messageId, failure, attempts);
        } catch (RuntimeException e) {
            Log.warnf("Could not log the failure of %s message %s: %s", consumer, messageId, e.toString());
            return null;
        }
    }

    private Instant write(String consumer, String messageId, Throwable failure, int attempts) {
        Throwable cause = failure.getCause();
        return QuarkusTransaction.requiringNew().call(() -> Times.instant(entityManager.createNativeQuery("""
                insert into amqp_delivery_failure (consumer, message_id, attempts, reason, exception_class, cause,
                    first_failure_at, last_failure_at)
                values (?1, ?2, ?3, left(?4, 1000), ?5, left(?6, 1000), now(), now())
                on conflict (consumer, message_id) do update set attempts = amqp_delivery_failure.attempts + excluded.attempts,
                    reason = excluded.reason, exception_class = excluded.exception_class, cause = excluded.cause,
                    last_failure_at = now()
                returning first_failure_at""")
                .setParameter(1, consumer).setParameter(2, messageId).setParameter(3, attempts)
                .setParameter(4, String.valueOf(failure.getMessage())).setParameter(5, failure.getClass().getName())
                .setParameter(6, cause == null ? null : cause.toString())
                .getSingleResult()));
    }

    /** The failures recorded for a message, or null; clears them so a replayed message starts afresh. */
    public Failures take(String consumer, String messageId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            java.util.List<Object[]> rows = entityManager.createNativeQuery("""
                    delete from amqp_delivery_failure where consumer = ?1 and message_id = ?2
                    returning attempts, reason, exception_class, cause, first_failure_at, last_failure_at""")
                    .setParameter(1, consumer).setParameter(2, messageId).getResultList();
            if (rows.isEmpty()) {
                return null;
            }
            Object[] row = rows.get(0);
            return new Failures(((Number) row[0]).intValue(), (String) row[1], (String) row[2], (String) row[3],
                    Times.instant(row[4]), Times.instant(row[5]));
        });
    }
}
