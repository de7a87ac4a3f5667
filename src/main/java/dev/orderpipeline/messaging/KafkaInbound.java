package dev.orderpipeline.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * The one way a Kafka consumer takes a message: CloudEvents envelope, idempotent handling, acknowledgement after
 * commit, and on failure a nack that the channel's dead-letter strategy turns into a record on
 * {@code <topic>.<group>.dlq}, with the consumer, attempts and first-failure time added to SmallRye's
 * reason, exception class, cause and original topic/partition/offset headers.
 */
@ApplicationScoped
public class KafkaInbound {

    public static final String CONSUMER_HEADER = "dead-letter-consumer";
    public static final String ATTEMPTS_HEADER = "dead-letter-attempts";
    public static final String FIRST_FAILURE_HEADER = "dead-letter-first-failure";
    public static final String PERMANENT_HEADER = "dead-letter-permanent";

    private final IdempotentHandler handler;
    private final MessagingMetrics metrics;

    KafkaInbound(IdempotentHandler handler, MessagingMetrics metrics) {
        this.handler = handler;
        this.metrics = metrics;
    }

    public CompletionStage<Void> process(String consumer, Message<byte[]> message, Map<String, Consumer<IncomingEvent>> handlers) {
        try {
            @SuppressWarnings("unchecked")
            IncomingKafkaRecordMetadata<String, byte[]> record = message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
            handler.handle(consumer, IncomingEvent.fromKafka(record.getKey(), record.getHeaders(), message.getPayload()), handlers);
            return message.ack();
        } catch (HandlingFailure failure) {
            return deadLetter(consumer, message, failure.original(), failure.attempts(), failure.firstFailure(), failure.permanent());
        } catch (RuntimeException e) {
            return deadLetter(consumer, message, e, 1, Instant.now(), !FailureClassifier.isTransient(e));
        }
    }

    private CompletionStage<Void> deadLetter(String consumer, Message<byte[]> message, RuntimeException failure, int attempts,
            Instant firstFailure, boolean permanent) {
        metrics.deadLettered(consumer);
        Log.warnf("%s dead-letters a message after %d attempt(s): %s", consumer, attempts, failure.toString());
        RecordHeaders headers = new RecordHeaders();
        headers.add(CONSUMER_HEADER, consumer.getBytes(StandardCharsets.UTF_8));
        headers.add(ATTEMPTS_HEADER, String.valueOf(attempts).getBytes(StandardCharsets.UTF_8));
        headers.add(FIRST_FAILURE_HEADER, firstFailure.toString().getBytes(StandardCharsets.UTF_8));
        headers.add(PERMANENT_HEADER, String.valueOf(permanent).getBytes(StandardCharsets.UTF_8));
        return message.nack(failure, Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build()));
    }
}
