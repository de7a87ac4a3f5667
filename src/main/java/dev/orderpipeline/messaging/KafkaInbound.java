package dev.orderpipeline.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * The one way a Kafka consumer takes messages: a batch of records handled in one transaction with an inbox entry
 * per message, acknowledged after commit. If that transaction fails, the batch is handled again one message at a
 * time, each with its own transaction and retries; a message that still fails is nacked on its own, which the
 * channel's dead-letter strategy turns into a record on {@code <topic>.<group>.dlq}, with the consumer, attempts
 * and first-failure time added to SmallRye's reason, exception class, cause and original topic/partition/offset
 * headers. The rest of the batch is handled and acknowledged as usual.
 */
@ApplicationScoped
public class KafkaInbound {

    public static final String CONSUMER_HEADER = "dead-letter-consumer";
    public static final String ATTEMPTS_HEADER = "dead-letter-attempts";
    public static final String FIRST_FAILURE_HEADER = "dead-letter-first-failure";
    public static final String PERMANENT_HEADER = "dead-letter-permanent";

    private final IdempotentHandler handler;
    private final MessagingMetrics metrics;
    private final KafkaDrain drain;
    private final HandlingMetrics handling;
    private final MessageTracing tracing;

    KafkaInbound(IdempotentHandler handler, MessagingMetrics metrics, KafkaDrain drain, HandlingMetrics handling,
            MessageTracing tracing) {
        this.handler = handler;
        this.metrics = metrics;
        this.drain = drain;
        this.handling = handling;
        this.tracing = tracing;
    }

    /**
     * Handles a batch of records (in partition, then offset order) with {@code handlers} and acknowledges it once
     * every record is either applied, a duplicate, or on its dead-letter topic. A record whose envelope, type or
     * payload cannot be read goes to its dead-letter topic at once, without touching the batch.
     */
    public CompletionStage<Void> processBatch(String consumer, KafkaRecordBatch<String, byte[]> batch, EventHandlers handlers) {
        if (!drain.enter()) {
            // Shutting down: never acknowledged, so handed back to the partition's next owner.
            return new CompletableFuture<>();
        }
        try {
            return handleBatch(consumer, batch, handlers).whenComplete((done, failure) -> drain.exit());
        } catch (RuntimeException | Error e) {
            drain.exit();
            throw e;
        }
    }

    private CompletionStage<Void> handleBatch(String consumer, KafkaRecordBatch<String, byte[]> batch, EventHandlers handlers) {
        long startNanos = System.nanoTime();
        List<Received> received = new ArrayList<>();
        List<CompletionStage<Void>> deadLetters = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            try {
                IncomingEvent event = IncomingEvent.fromKafka(record.getKey(), record.getHeaders(), record.getPayload());
                received.add(new Received(record, handler.read(consumer, event, handlers)));
            } catch (RuntimeException e) {
                deadLetters.add(deadLetter(consumer, record, e));
            }
        }
        if (!received.isEmpty()) {
            try {
                handler.handleAll(consumer, received.stream().map(Received::event).toList(), handlers);
            } catch (RuntimeException e) {
                Log.infof("%s handles a batch of %d one message at a time after: %s", consumer, received.size(), e.toString());
                for (Received one : received) {
                    // Its batch attempt failed: handling it again on its own is a retry of this message.
                    metrics.retried(consumer);
                    try (MessageTracing.MessageScope traced = tracing.processing(consumer, one.event().envelope())) {
                        try {
                            handler.handle(consumer, one.event());
                        } catch (RuntimeException failure) {
                            traced.failed(failure);
                            deadLetters.add(deadLetter(consumer, one.record(), failure));
                        }
                    }
                }
            }
        }
        // The batch's acknowledgement commits its offsets: only once every dead letter is safely on its topic. If one
        // could not be written, the batch stays unacknowledged (a failed stage would dead-letter the whole batch):
        // its offsets are not committed, the channel turns unhealthy, and a restart redelivers it.
        return CompletableFuture.allOf(deadLetters.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new))
                .handle((ignored, failure) -> {
                    if (failure == null) {
                        handling.kafkaBatchDone(consumer, batch.getRecords(), startNanos);
                        return batch.ack();
                    }
                    Log.errorf("%s could not dead-letter a message; its batch of %d stays unacknowledged: %s", consumer,
                            batch.getRecords().size(), failure.toString());
                    return CompletableFuture.<Void> completedFuture(null);
                })
                .thenCompose(stage -> stage);
    }

    private CompletionStage<Void> deadLetter(String consumer, Message<byte[]> message, RuntimeException e) {
        if (e instanceof HandlingFailure failure) {
            return deadLetter(consumer, message, failure.original(), failure.attempts(), failure.firstFailure(), failure.permanent());
        }
        return deadLetter(consumer, message, e, 1, Instant.now(), !FailureClassifier.isTransient(e));
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

    /** A record whose envelope and payload could be read. */
    private record Received(KafkaRecord<String, byte[]> record, TypedEvent event) {
    }
}
