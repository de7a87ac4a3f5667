package dev.orderpipeline.messaging.outbox;

import java.time.Instant;
import java.util.UUID;

/** One unpublished outbox row as the relay reads it. */
record OutboxRow(UUID id, Transport transport, String destination, String key, String type, String source,
        String subject, String payload, Instant createdAt) {
}
