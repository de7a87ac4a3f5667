package dev.orderpipeline.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderpipeline.messaging.deadletter.DeadLetterEnvelope;
import dev.orderpipeline.messaging.deadletter.DeadLetterStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Moves an outbox row the broker kept refusing into the dead-letter store, in the relay's transaction: as consumer
 * {@value #CONSUMER}, with the record it would have sent (destination, key, CloudEvents headers, payload), so it can
 * be inspected, replayed or discarded like any dead letter.
 */
@ApplicationScoped
public class OutboxParking {

    /** The dead letters' consumer name for parked outbox rows. */
    public static final String CONSUMER = "outbox-relay";
    /** Counter of outbox rows parked in the dead-letter store. */
    public static final String PARKED_METRIC = "outbox_messages_parked";

    private final DeadLetterStore store;
    private final Counter parked;

    OutboxParking(DeadLetterStore store, MeterRegistry registry) {
        this.store = store;
        this.parked = registry.counter(PARKED_METRIC);
    }

    void park(Connection connection, OutboxRow row, int attempts, Refusal refusal) throws SQLException {
        BrokerRecord record = OutboxPublisher.toRecord(row);
        Instant now = Instant.now();
        Throwable cause = refusal.cause();
        store.record(connection, new DeadLetterEnvelope(row.transport(), row.destination(), CONSUMER, row.id().toString(),
                row.key(), record.headers(), row.payload().getBytes(StandardCharsets.UTF_8),
                "the broker refused this outbox message " + attempts + " times", cause.getClass().getName(),
                String.valueOf(cause.getMessage()), attempts, row.firstFailure() == null ? now : row.firstFailure(), now,
                "outbox:" + row.id()));
    }

    /** Counts rows parked by a relay transaction once it committed (a rolled back one parked nothing). */
    void committed(int rows) {
        if (rows > 0) {
            parked.increment(rows);
        }
    }
}
