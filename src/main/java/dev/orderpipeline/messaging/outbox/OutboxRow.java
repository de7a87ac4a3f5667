package dev.orderpipeline.messaging.outbox;

import java.time.Instant;
import java.util.UUID;

import dev.orderpipeline.messaging.TraceContext;

/**
 * One unpublished outbox row as the relay reads it; {@code attempts} counts the broker's refusals of this row alone,
 * and {@code firstFailure} is null until the first of them; {@code trace} is the trace context of the span that wrote
 * it (null if none).
 */
record OutboxRow(UUID id, Transport transport, String destination, String key, String type, String source,
        String subject, String payload, Instant createdAt, int attempts, Instant firstFailure, TraceContext trace) {

    OutboxRow(UUID id, Transport transport, String destination, String key, String type, String source, String subject,
            String payload, Instant createdAt) {
        this(id, transport, destination, key, type, source, subject, payload, createdAt, 0, null, null);
    }
}
