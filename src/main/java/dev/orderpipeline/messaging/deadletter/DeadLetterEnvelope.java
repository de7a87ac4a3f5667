package dev.orderpipeline.messaging.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.orderpipeline.messaging.MessageIds;
import dev.orderpipeline.messaging.outbox.Transport;

/** A dead-lettered message as it arrives from a dead-letter topic or address, one shape for both brokers. */
public record DeadLetterEnvelope(Transport source, String destination, String consumer, String messageId, String key,
        Map<String, String> headers, byte[] payload, String reason, String exceptionClass, String cause, int attempts,
        Instant firstFailure, Instant lastFailure, String deadLetterRef) {

    /** Header under which {@link #withoutHeaders} keeps the original headers. */
    public static final String HEADERS_BASE64 = "dead-letter-store-headers-base64";
    /** Header that says why the headers could not be stored as they were. */
    public static final String STORE_ERROR = "dead-letter-store-error";

    static final int MAX_CONSUMER = 100;
    static final int MAX_DESTINATION = 249;

    /**
     * This envelope in a form PostgreSQL accepts whatever the message held: text without NUL characters (a header
     * value with one is kept as {@code base64:} of its UTF-8 bytes), an over-long message id replaced by its
     * SHA-256. The payload is never touched.
     */
    public DeadLetterEnvelope storable() {
        Map<String, String> storableHeaders = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> storableHeaders.put(text(name),
                    value == null || value.indexOf('\0') < 0 ? value
                            : "base64:" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        }
        String id = messageId == null || messageId.isEmpty() ? "dlq:" + text(deadLetterRef) : MessageIds.keyOf(messageId);
        if (messageId != null && !messageId.isEmpty() && !id.equals(messageId)) {
            storableHeaders.putIfAbsent("dead-letter-original-message-id", text(messageId));
        }
        return new DeadLetterEnvelope(source, clip(text(destination), MAX_DESTINATION), clip(text(consumer), MAX_CONSUMER), id,
                text(key), storableHeaders, payload, text(reason), text(exceptionClass), text(cause), attempts, firstFailure,
                lastFailure, text(deadLetterRef));
    }

    /** The same dead letter with its headers folded into one base64 value, for when they cannot be stored as JSON. */
    public DeadLetterEnvelope withoutHeaders(String error) {
        Map<String, String> folded = new LinkedHashMap<>();
        folded.put(STORE_ERROR, text(error));
        folded.put(HEADERS_BASE64, Base64.getEncoder().encodeToString(String.valueOf(headers).getBytes(StandardCharsets.UTF_8)));
        return new DeadLetterEnvelope(source, destination, consumer, messageId, key, folded, payload, reason, exceptionClass,
                cause, attempts, firstFailure, lastFailure, deadLetterRef);
    }

    private static String text(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

}
