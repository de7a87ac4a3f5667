package dev.orderpipeline.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.logging.Log;

/**
 * The one way a Kafka consumer handles records: a batch (one poll's records of one topic, in partition, then offset
 * order) in one transaction with an inbox entry per message, on the polling thread. If that transaction fails, the
 * batch is handled again one message at a time, each with its own transaction and retries; a message that still fails
 * goes to the consumer's dead-letter topic ({@link KafkaDeadLetters}), with the consumer, attempts and first-failure
 * time; a letter the broker does not take is sent again until it is written. The rest of the batch is handled as
 * usual. A batch is done (its offsets may be committed) only once every record is applied, a duplicate, or written
 * to its dead-letter topic.
 */
@ApplicationScoped
public class KafkaInbound {

    /** Longest wait for one sending of a batch's dead letters (the producer's own delivery timeout is shorter). */
    private static final long DEAD_LETTER_TIMEOUT_SECONDS = 150;
    /** The pause before dead letters the broker did not take are sent again. */
    private static final long RESEND_PAUSE_MILLIS = 1000;

    private final IdempotentHandler handler;
    private final MessagingMetrics metrics;
    private final KafkaDrain drain;
    private final HandlingMetrics handling;
    private final MessageTracing tracing;
    private final KafkaDeadLetters deadLetters;

    KafkaInbound(IdempotentHandler handler, MessagingMetrics metrics, KafkaDrain drain, HandlingMetrics handling,
            MessageTracing tracing, KafkaDeadLetters deadLetters) {
        this.handler = handler;
        this.metrics = metrics;
        this.drain = drain;
        this.handling = handling;
        this.tracing = tracing;
        this.deadLetters = deadLetters;
    }

    /**
     * Handles {@code records} as {@code consumer} with {@code handlers}, dead letters to {@code deadLetterTopic}.
     *
     * @return true when the batch is done; false when the instance is shutting down and the batch was left alone (its
     *         offsets must not be committed, so the partition's next owner reads it again)
     * @throws DeadLetterNotWritten when a dead letter could not be written before the instance shut down: the batch
     *         is not done
     */
    public boolean process(String consumer, String deadLetterTopic, List<ConsumerRecord<String, byte[]>> records,
            EventHandlers handlers) {
        if (!drain.enter()) {
            return false;
        }
        ManagedContext requestContext = Arc.container().requestContext();
        requestContext.activate();
        try {
            handleBatch(consumer, deadLetterTopic, records, handlers);
            return true;
        } finally {
            requestContext.terminate();
            drain.exit();
        }
    }

    private void handleBatch(String consumer, String deadLetterTopic, List<ConsumerRecord<String, byte[]>> records,
            EventHandlers handlers) {
        long startNanos = System.nanoTime();
        List<Received> received = new ArrayList<>();
        List<Letter> letters = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                IncomingEvent event = IncomingEvent.fromKafka(record.key(), record.headers(), record.value());
                received.add(new Received(record, handler.read(consumer, event, handlers)));
            } catch (RuntimeException e) {
                letters.add(letter(consumer, deadLetterTopic, record, e));
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
                            letters.add(letter(consumer, deadLetterTopic, one.record(), failure));
                        }
                    }
                }
            }
        }
        write(consumer, letters);
        handling.kafkaBatchDone(consumer, records, startNanos);
    }

    /**
     * Writes the batch's dead letters, sending again, after a pause, each one the broker did not take (a new
     * dead-letter topic without a leader yet, an outage), so that a letter is never lost and the letters already
     * written are not written twice by handling the batch again. Gives up only when the instance shuts down.
     */
    private void write(String consumer, List<Letter> letters) {
        List<Letter> pending = letters;
        while (!pending.isEmpty()) {
            List<CompletableFuture<Void>> sent = pending.stream().map(this::send).toList();
            List<Letter> failed = new ArrayList<>();
            Throwable lastFailure = null;
            for (int i = 0; i < pending.size(); i++) {
                try {
                    sent.get(i).get(DEAD_LETTER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    failed.add(pending.get(i));
                    lastFailure = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DeadLetterNotWritten(consumer + " was interrupted writing a dead letter", e);
                }
            }
            if (failed.isEmpty()) {
                return;
            }
            if (drain.draining()) {
                throw new DeadLetterNotWritten(consumer + " is shutting down with " + failed.size()
                        + " dead letter(s) not written; its batch is left to the next owner: " + lastFailure, lastFailure);
            }
            Log.warnf("%s: %d dead letter(s) not written, sending them again in %d ms: %s", consumer, failed.size(),
                    RESEND_PAUSE_MILLIS, String.valueOf(lastFailure));
            try {
                Thread.sleep(RESEND_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeadLetterNotWritten(consumer + " was interrupted writing a dead letter", e);
            }
            pending = failed;
        }
    }

    private Letter letter(String consumer, String deadLetterTopic, ConsumerRecord<String, byte[]> record, RuntimeException e) {
        Letter letter = e instanceof HandlingFailure failure
                ? new Letter(consumer, deadLetterTopic, record, failure.original(), failure.attempts(), failure.firstFailure(),
                        failure.permanent())
                : new Letter(consumer, deadLetterTopic, record, e, 1, Instant.now(), !FailureClassifier.isTransient(e));
        metrics.deadLettered(consumer);
        Log.warnf("%s dead-letters a message after %d attempt(s): %s", consumer, letter.attempts(), letter.failure().toString());
        return letter;
    }

    private CompletableFuture<Void> send(Letter letter) {
        return deadLetters.send(letter.topic(), letter.consumer(), letter.record(), letter.failure(), letter.attempts(),
                letter.firstFailure(), letter.permanent());
    }

    /** A record to dead-letter, and why. */
    private record Letter(String consumer, String topic, ConsumerRecord<String, byte[]> record, RuntimeException failure,
            int attempts, Instant firstFailure, boolean permanent) {
    }

    /** A batch's dead letter was not written, so the batch is not done: its records must be read and handled again. */
    public static final class DeadLetterNotWritten extends RuntimeException {

        DeadLetterNotWritten(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A record whose envelope and payload could be read. */
    private record Received(ConsumerRecord<String, byte[]> record, TypedEvent event) {
    }
}
