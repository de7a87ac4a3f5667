package dev.orderpipeline.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A received message reduced to its CloudEvents attributes, raw payload and the trace context its producer stored
 * with it (null if none), whichever broker it came from.
 */
public record IncomingEvent(String id, String type, String source, String subject, String key, byte[] payload,
        TraceContext trace) {

    /** Reads the CloudEvents binary-mode headers ({@code ce_id}, {@code ce_type}, ...) of a Kafka record. */
    public static IncomingEvent fromKafka(String key, Headers headers, byte[] payload) {
        return of(header(headers, CloudEvents.KAFKA_PREFIX + "id"), header(headers, CloudEvents.KAFKA_PREFIX + "type"),
                header(headers, CloudEvents.KAFKA_PREFIX + "source"), header(headers, CloudEvents.KAFKA_PREFIX + "subject"),
                key, payload, TraceContext.of(header(headers, TraceContext.TRACEPARENT), header(headers, TraceContext.TRACESTATE)));
    }

    /** Reads the CloudEvents application properties ({@code cloudEvents:id}, ...) of an AMQP message. */
    public static IncomingEvent fromAmqp(Map<String, Object> properties, String messageId, byte[] payload) {
        Object id = properties.getOrDefault(CloudEvents.AMQP_PREFIX + "id", messageId);
        return of(id == null ? null : id.toString(), string(properties.get(CloudEvents.AMQP_PREFIX + "type")),
                string(properties.get(CloudEvents.AMQP_PREFIX + "source")),
                string(properties.get(CloudEvents.AMQP_PREFIX + "subject")), null, payload, traceOf(properties));
    }

    /** The trace context in an AMQP message's application properties, or null. */
    public static TraceContext traceOf(Map<String, Object> properties) {
        return TraceContext.of(string(properties.get(TraceContext.TRACEPARENT)), string(properties.get(TraceContext.TRACESTATE)));
    }

    private static IncomingEvent of(String id, String type, String source, String subject, String key, byte[] payload,
            TraceContext trace) {
        if (id == null || id.isBlank()) {
            throw new PermanentMessageException("missing CloudEvents id");
        }
        if (id.length() > MessageIds.MAX_LENGTH) {
            throw new PermanentMessageException("CloudEvents id longer than " + MessageIds.MAX_LENGTH + " characters");
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            throw new PermanentMessageException("CloudEvents id with control characters");
        }
        if (type == null || type.isBlank()) {
            throw new PermanentMessageException("missing CloudEvents type");
        }
        if (payload == null) {
            throw new PermanentMessageException("empty payload");
        }
        return new IncomingEvent(id, type, source, subject, key, payload, trace);
    }

    /** One header of a Kafka record as text, or null. */
    public static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
