package dev.orderpipeline.messaging.deadletter;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.orderpipeline.messaging.EventJson;
import dev.orderpipeline.messaging.TraceContext;
import dev.orderpipeline.platform.Jdbc;

/**
 * Keeps dead letters, with the W3C trace context they carried. The same message failing again (after a replay, or
 * redelivered from the dead-letter topic) updates its one row: back to NEW, attempts added, last failure and its
 * trace context moved, replay count kept.
 */
@ApplicationScoped
public class DeadLetterStore {

    private final EntityManager entityManager;
    private final EventJson json;

    DeadLetterStore(EntityManager entityManager, EventJson json) {
        this.entityManager = entityManager;
        this.json = json;
    }

    @Transactional
    public void record(DeadLetterEnvelope received) {
        Jdbc.inTransaction(entityManager, connection -> {
            record(connection, received);
            return null;
        });
    }

    /** Records a dead letter on {@code connection}, in whatever transaction it has open. */
    public void record(Connection connection, DeadLetterEnvelope received) throws SQLException {
        DeadLetterEnvelope letter = received.storable();
        // The trace context is the one the message carried when it failed (its latest failure's, after a replay).
        Jdbc.update(connection, DeadLetterSql.UPSERT, UUID.randomUUID(), letter.source().name(), letter.destination(),
                letter.consumer(), letter.messageId(), letter.key(), json.write(letter.headers()), Jdbc.bytes(letter.payload()),
                letter.reason(), letter.exceptionClass(), letter.cause(), letter.attempts(), letter.firstFailure(),
                letter.lastFailure(), letter.deadLetterRef(), letter.headers().get(TraceContext.TRACEPARENT),
                letter.headers().get(TraceContext.TRACESTATE));
    }
}
