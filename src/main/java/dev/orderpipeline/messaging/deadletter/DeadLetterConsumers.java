package dev.orderpipeline.messaging.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.orderpipeline.messaging.CloudEvents;
import dev.orderpipeline.messaging.HandlingFailure;
import dev.orderpipeline.messaging.KafkaDeadLetters;
import dev.orderpipeline.messaging.RetryPolicy;
import dev.orderpipeline.messaging.amqp.AmqpDelivery;
import dev.orderpipeline.messaging.amqp.AmqpQueueConsumer;
import dev.orderpipeline.messaging.amqp.AmqpQueueConsumer.Outcome;
import dev.orderpipeline.messaging.amqp.AmqpQueues;
import dev.orderpipeline.messaging.outbox.Transport;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;

/**
 * Fills the dead-letter store from every Kafka dead-letter topic ({@code *.dlq}, by pattern) and from the AMQP
 * dead-letter address. Writing the store is retried for a long time: a dead letter is data that must not be lost.
 */
@ApplicationScoped
public class DeadLetterConsumers {

    public static final String KAFKA_CHANNEL = "dead-letters-kafka";

    private static final RetryPolicy STORE_RETRY = new RetryPolicy(Integer.MAX_VALUE, java.time.Duration.ofMillis(200),
            java.time.Duration.ofSeconds(10), java.time.Duration.ofDays(1));

    private final DeadLetterStore store;
    private final AmqpFailureLog amqpFailures;

    DeadLetterConsumers(DeadLetterStore store, AmqpFailureLog amqpFailures) {
        this.store = store;
        this.amqpFailures = amqpFailures;
    }

    @Incoming(KAFKA_CHANNEL)
    @Blocking
    public void fromKafka(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), text(header.value()));
        }
        String ref = record.topic() + "/" + record.partition() + "/" + record.offset();
        String consumer = headers.getOrDefault(KafkaDeadLetters.CONSUMER_HEADER, consumerOf(record.topic()));
        String messageId = headers.getOrDefault(CloudEvents.KAFKA_PREFIX + "id", "dlq:" + ref);
        Instant now = Instant.now();
        Instant firstFailure = parse(headers.get(KafkaDeadLetters.FIRST_FAILURE_HEADER), now);
        store(new DeadLetterEnvelope(Transport.KAFKA, headers.getOrDefault(KafkaDeadLetters.TOPIC_HEADER, originalTopicOf(record.topic())),
                consumer, messageId, record.key(), headers, record.value(), headers.get(KafkaDeadLetters.REASON_HEADER),
                headers.get(KafkaDeadLetters.EXCEPTION_CLASS_HEADER), headers.get(KafkaDeadLetters.CAUSE_HEADER),
                parseInt(headers.get(KafkaDeadLetters.ATTEMPTS_HEADER)), firstFailure, now, ref));
    }

    /**
     * Stores what arrives on {@code deadLetterAddress}, the dead-letter address of the AMQP work queue
     * {@code queueAddress}, as dead letters of {@code consumer}, the queue's consumer.
     */
    public void consumeAmqp(AmqpQueues queues, String deadLetterAddress, String queueAddress, String consumer) {
        queues.consume(deadLetterAddress, 1, delivery -> fromAmqp(delivery, deadLetterAddress, queueAddress, consumer));
    }

    /**
     * A message on a work queue's dead-letter address: moved there by the queue's consumer (its dead-letter
     * properties say why) or by the broker (then what the worker logged of its failures says why, if anything).
     */
    private Outcome fromAmqp(AmqpDelivery delivery, String deadLetterAddress, String queueAddress, String consumer) {
        Map<String, String> headers = new LinkedHashMap<>();
        delivery.properties().forEach((name, value) -> headers.put(name, String.valueOf(value)));
        String messageId = delivery.failureId();
        if (delivery.messageId() != null) {
            headers.put("amqp-message-id", delivery.messageId());
        }
        try {
            AmqpFailureLog.Failures logged = amqpFailures.take(consumer, messageId);
            store(amqpLetter(delivery, messageId, headers, logged, deadLetterAddress, queueAddress, consumer));
            return Outcome.ACCEPT;
        } catch (RuntimeException e) {
            Log.errorf("Dead letter %s from %s not stored, left on the address: %s", messageId, deadLetterAddress, e.toString());
            return Outcome.RELEASE;
        }
    }

    /**
     * The copy's own properties come first, then the failure log, then the broker's delivery count. The reference
     * is the message and its first failure: a second copy of the same dead-lettering (the original's acceptance
     * lost) leaves the stored letter as it is, while the same message failing again after a replay updates it.
     */
    private DeadLetterEnvelope amqpLetter(AmqpDelivery delivery, String messageId, Map<String, String> headers,
            AmqpFailureLog.Failures logged, String deadLetterAddress, String queueAddress, String consumer) {
        Instant now = Instant.now();
        Instant firstFailure = parse(headers.get(AmqpQueueConsumer.FIRST_FAILURE_PROPERTY),
                logged == null ? now : logged.firstFailure());
        Instant lastFailure = logged == null ? now : logged.lastFailure();
        String reason = headers.getOrDefault(AmqpQueueConsumer.REASON_PROPERTY,
                logged == null ? "moved to the dead-letter address by the broker" : logged.reason());
        String exceptionClass = headers.getOrDefault(AmqpQueueConsumer.EXCEPTION_CLASS_PROPERTY,
                logged == null ? null : logged.exceptionClass());
        String cause = headers.getOrDefault(AmqpQueueConsumer.CAUSE_PROPERTY, logged == null ? null : logged.cause());
        String attempts = headers.get(AmqpQueueConsumer.ATTEMPTS_PROPERTY);
        int attemptCount = attempts != null ? parseInt(attempts) : logged != null ? logged.attempts() : delivery.deliveryCount();
        String ref = "amqp:" + deadLetterAddress + ":" + messageId + ":"
                + (headers.containsKey(AmqpQueueConsumer.FIRST_FAILURE_PROPERTY) ? firstFailure : lastFailure);
        return new DeadLetterEnvelope(Transport.AMQP, headers.getOrDefault(AmqpQueueConsumer.ADDRESS_PROPERTY, queueAddress),
                consumer, messageId, null, headers, delivery.body(), reason, exceptionClass, cause,
                attemptCount, firstFailure, lastFailure, ref);
    }

    /**
     * Stores a dead letter, waiting out transient failures. Should its headers still be refused, it is stored with
     * them folded into one value, so that one odd message never stops the store.
     */
    private void store(DeadLetterEnvelope letter) {
        try {
            STORE_RETRY.run("dead-letter store", () -> {
                store.record(letter);
                return null;
            }, () -> { });
        } catch (HandlingFailure failure) {
            Log.warnf("Dead letter %s of %s stored without its headers: %s", letter.messageId(), letter.consumer(),
                    failure.original().toString());
            STORE_RETRY.run("dead-letter store", () -> {
                store.record(letter.withoutHeaders(failure.original().toString()));
                return null;
            }, () -> { });
        }
    }

    /** {@code <topic>.<consumer>.dlq} → {@code <consumer>}. */
    private static String consumerOf(String deadLetterTopic) {
        String[] parts = deadLetterTopic.split("\\.");
        return parts.length >= 3 ? parts[parts.length - 2] : deadLetterTopic;
    }

    private static String originalTopicOf(String deadLetterTopic) {
        String[] parts = deadLetterTopic.split("\\.");
        return parts.length >= 3 ? String.join(".", java.util.Arrays.copyOf(parts, parts.length - 2)) : deadLetterTopic;
    }

    /** Header values as text when they are UTF-8, else as base64 prefixed with {@code base64:}. */
    static String text(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return "base64:" + java.util.Base64.getEncoder().encodeToString(value);
        }
    }

    private static Instant parse(String value, Instant fallback) {
        try {
            return value == null ? fallback : Instant.parse(value);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static int parseInt(String value) {
        try {
            return value == null ? 1 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

}
