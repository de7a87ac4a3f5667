package dev.orderpipeline.messaging.deadletter;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.sql.Types;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import dev.orderpipeline.messaging.EventJson;
import dev.orderpipeline.messaging.TraceContext;

/**
 * Keeps dead letters, with the W3C trace context they carried. The same message failing again (after a replay, or
 * redelivered from the dead-letter topic) updates its one row: back to NEW, attempts added, last failure and its
 * trace context moved, replay count kept.
 */
@ApplicationScoped
public class DeadLetterStore {

    private static final String UPSERT = """
            insert into dead_letter (id, source, destination, consumer, message_id, message_key, headers, payload,
                reason, exception_class, cause, attempts, first_failure_at, last_failure_at, status, dead_letter_ref,
                traceparent, tracestate)
            values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, left(?, 1000), left(?, 300), left(?, 1000), ?, ?, ?, 'NEW', ?,
                left(?, 100), left(?, 512))
            on conflict (consumer, message_id) do update set status = 'NEW',
                attempts = dead_letter.attempts + excluded.attempts, last_failure_at = excluded.last_failure_at,
                reason = excluded.reason, exception_class = excluded.exception_class, cause = excluded.cause,
                dead_letter_ref = excluded.dead_letter_ref, traceparent = excluded.traceparent, tracestate = excluded.tracestate
            where dead_letter.dead_letter_ref is distinct from excluded.dead_letter_ref""";

    private final EntityManager entityManager;
    private final EventJson json;

    DeadLetterStore(EntityManager entityManager, EventJson json) {
        this.entityManager = entityManager;
        this.json = json;
    }

    @Transactional
    public void record(DeadLetterEnvelope received) {
        entityManager.unwrap(Session.class).doWork(connection -> record(connection, received));
    }

    /** Records a dead letter on {@code connection}, in whatever transaction it has open. */
    public void record(Connection connection, DeadLetterEnvelope received) throws SQLException {
        DeadLetterEnvelope letter = received.storable();
        try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            statement.setObject(1, UUID.randomUUID());
            statement.setString(2, letter.source().name());
            statement.setString(3, letter.destination());
            statement.setString(4, letter.consumer());
            statement.setString(5, letter.messageId());
            statement.setString(6, letter.key());
            statement.setString(7, json.write(letter.headers()));
            if (letter.payload() == null) {
                statement.setNull(8, Types.BINARY);
            } else {
                statement.setBytes(8, letter.payload());
            }
            statement.setString(9, letter.reason());
            statement.setString(10, letter.exceptionClass());
            statement.setString(11, letter.cause());
            statement.setInt(12, letter.attempts());
            statement.setObject(13, letter.firstFailure().atOffset(ZoneOffset.UTC));
            statement.setObject(14, letter.lastFailure().atOffset(ZoneOffset.UTC));
            statement.setString(15, letter.deadLetterRef());
            // The context the message carried when it failed (its latest failure's, after a replay).
            statement.setString(16, letter.headers().get(TraceContext.TRACEPARENT));
            statement.setString(17, letter.headers().get(TraceContext.TRACESTATE));
            statement.executeUpdate();
        }
    }
}
