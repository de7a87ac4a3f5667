package dev.orderpipeline.messaging.deadletter;

import java.time.Instant;
import java.util.Map;

import dev.orderpipeline.messaging.outbox.Transport;

/** A dead-lettered message as it arrives from a dead-letter topic or address, one shape for both brokers. */
public record DeadLetterEnvelope(Transport source, String destination, String consumer, String messageId, String key,
        Map<String, String> headers, byte[] payload, String reason, String exceptionClass, String cause, int attempts,
        Instant firstFailure, Instant lastFailure, String deadLetterRef) {
}
