package dev.orderpipeline.messaging.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.orderpipeline.messaging.CloudEvents;
import dev.orderpipeline.messaging.KafkaInbound;
import dev.orderpipeline.messaging.RetryPolicy;
import dev.orderpipeline.messaging.outbox.Transport;
import dev.orderpipeline.notification.messaging.EmailCommandConsumer;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import io.vertx.core.json.JsonObject;

/**
 * Fills the dead-letter store from every Kafka dead-letter topic ({@code *.dlq}, by pattern) and from the AMQP
 * dead-letter address. Writing the store is retried for a long time: a dead letter is data that must not be lost.
 */
@ApplicationScoped
public class DeadLetterConsumers {

    public static final String KAFKA_CHANNEL = "dead-letters-kafka";
    public static final String AMQP_CHANNEL = "dead-letters-amqp";

    private static final RetryPolicy STORE_RETRY = new RetryPolicy(Integer.MAX_VALUE, java.time.Duration.ofMillis(200),
            java.time.Duration.ofSeconds(10), java.time.Duration.ofDays(1));

    private final DeadLetterStore store;
    private final AmqpFailureLog amqpFailures;
    private final String emailCommandsAddress;
    private final String emailDeadLetterAddress;

    DeadLetterConsumers(DeadLetterStore store, AmqpFailureLog amqpFailures,
            @ConfigProperty(name = "app.amqp.email-commands-address") String emailCommandsAddress,
            @ConfigProperty(name = "app.amqp.email-dead-letter-address") String emailDeadLetterAddress) {
        this.store = store;
        this.amqpFailures = amqpFailures;
        this.emailCommandsAddress = emailCommandsAddress;
        this.emailDeadLetterAddress = emailDeadLetterAddress;
    }

    @Incoming(KAFKA_CHANNEL)
    @Blocking
    public void fromKafka(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), text(header.value()));
        }
        String ref = record.topic() + "/" + record.partition() + "/" + record.offset();
        String consumer = headers.getOrDefault(KafkaInbound.CONSUMER_HEADER, consumerOf(record.topic()));
        String messageId = headers.getOrDefault(CloudEvents.KAFKA_PREFIX + "id", "dlq:" + ref);
        Instant now = Instant.now();
        Instant firstFailure = parse(headers.get(KafkaInbound.FIRST_FAILURE_HEADER), now);
        store(new DeadLetterEnvelope(Transport.KAFKA, headers.getOrDefault("dead-letter-topic", originalTopicOf(record.topic())),
                consumer, messageId, record.key(), headers, record.value(), headers.get("dead-letter-reason"),
                headers.get("dead-letter-exception-class-name"), headers.get("dead-letter-cause"),
                parseInt(headers.get(KafkaInbound.ATTEMPTS_HEADER)), firstFailure, now, ref));
    }

    @Incoming(AMQP_CHANNEL)
    @Blocking
    public CompletionStage<Void> fromAmqp(Message<Object> message) {
        IncomingAmqpMetadata metadata = message.getMetadata(IncomingAmqpMetadata.class).orElseThrow();
        JsonObject properties = metadata.getProperties() == null ? new JsonObject() : metadata.getProperties();
        Map<String, String> headers = new LinkedHashMap<>();
        properties.forEach(entry -> headers.put(entry.getKey(), String.valueOf(entry.getValue())));
        byte[] payload = EmailCommandConsumer.bytes(message.getPayload());
        String messageId = EmailCommandConsumer.messageId(properties, metadata, payload);
        if (metadata.getId() != null) {
            headers.put("amqp-message-id", metadata.getId().toString());
        }
        AmqpFailureLog.Failures failures = amqpFailures.take(EmailCommandConsumer.CHANNEL, messageId);
        Instant now = Instant.now();
        String ref = "amqp:" + emailDeadLetterAddress + ":" + messageId + ":" + (failures == null ? now : failures.lastFailure());
        store(new DeadLetterEnvelope(Transport.AMQP, emailCommandsAddress, EmailCommandConsumer.CHANNEL, messageId, null,
                headers, payload,
                failures == null ? "moved to the dead-letter address by the broker" : failures.reason(),
                failures == null ? null : failures.exceptionClass(), failures == null ? null : failures.cause(),
                failures == null ? 1 : failures.attempts(), failures == null ? now : failures.firstFailure(),
                failures == null ? now : failures.lastFailure(), ref));
        return message.ack();
    }

    private void store(DeadLetterEnvelope letter) {
        STORE_RETRY.run(KAFKA_CHANNEL, () -> {
            store.record(letter);
            return null;
        }, () -> { });
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
