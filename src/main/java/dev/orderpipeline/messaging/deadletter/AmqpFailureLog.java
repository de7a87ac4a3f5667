package dev.orderpipeline.messaging.deadletter;

import java.time.Instant;

import dev.orderpipeline.platform.Jdbc;

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
        return QuarkusTransaction.requiringNew().call(() -> Jdbc.inTransaction(entityManager, connection -> Jdbc.first(connection,
                DeadLetterSql.RECORD_AMQP_FAILURE, row -> Jdbc.instant(row, 1), consumer, messageId, attempts,
                String.valueOf(failure.getMessage()), failure.getClass().getName(), cause == null ? null : cause.toString())));
    }

    /** The failures recorded for a message, or null; clears them so a replayed message starts afresh. */
    public Failures take(String consumer, String messageId) {
        return QuarkusTransaction.requiringNew().call(() -> Jdbc.inTransaction(entityManager, connection -> Jdbc.first(connection,
                DeadLetterSql.TAKE_AMQP_FAILURES, row -> new Failures(row.getInt(1), row.getString(2), row.getString(3),
                        row.getString(4), Jdbc.instant(row, 5), Jdbc.instant(row, 6)), consumer, messageId)));
    }
}
