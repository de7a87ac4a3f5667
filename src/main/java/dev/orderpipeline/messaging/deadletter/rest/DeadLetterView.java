package dev.orderpipeline.messaging.deadletter.rest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.orderpipeline.messaging.deadletter.DeadLetter;

/**
 * A dead letter as operators see it: the payload as text when it is UTF-8, and always as exact base64 bytes; the
 * traceparent of the trace it failed in, when it carried one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetterView(UUID id, String source, String destination, String consumer, String messageId, String key,
        Map<String, String> headers, String payloadText, String payloadBase64, String reason, String exceptionClass,
        String cause, int attempts, Instant firstFailureAt, Instant lastFailureAt, String status, int replayCount,
        Instant lastReplayedAt, String traceparent) {

    static DeadLetterView of(DeadLetter letter, boolean withPayload) {
        byte[] payload = letter.payload == null ? new byte[0] : letter.payload;
        return new DeadLetterView(letter.id, letter.source.name(), letter.destination, letter.consumer, letter.messageId,
                letter.messageKey, withPayload ? letter.headers : null, withPayload ? text(payload) : null,
                withPayload ? Base64.getEncoder().encodeToString(payload) : null, letter.reason, letter.exceptionClass,
                letter.cause, letter.attempts, letter.firstFailureAt, letter.lastFailureAt, letter.status.name(),
                letter.replayCount, letter.lastReplayedAt, letter.traceparent);
    }

    private static String text(byte[] payload) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
