package dev.orderpipeline.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import dev.orderpipeline.messaging.CloudEvents;
import io.smallrye.reactive.messaging.amqp.OutgoingAmqpMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.json.JsonObject;

/** Sends records to Kafka or AMQP and completes once the broker acknowledged them. */
@ApplicationScoped
public class OutboxPublisher {

    public static final String KAFKA_CHANNEL = "outbox-kafka";
    public static final String AMQP_CHANNEL = "outbox-amqp";

    private final Emitter<byte[]> kafka;
    private final Emitter<byte[]> amqp;

    OutboxPublisher(@Channel(KAFKA_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192) Emitter<byte[]> kafka,
            @Channel(AMQP_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192) Emitter<byte[]> amqp) {
        this.kafka = kafka;
        this.amqp = amqp;
    }

    /** The broker record of an outbox row: CloudEvents attributes as binary-mode headers or properties. */
    static BrokerRecord toRecord(OutboxRow row) {
        String prefix = row.transport() == Transport.KAFKA ? CloudEvents.KAFKA_PREFIX : CloudEvents.AMQP_PREFIX;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(prefix + "specversion", CloudEvents.SPEC_VERSION);
        headers.put(prefix + "id", row.id().toString());
        headers.put(prefix + "type", row.type());
        headers.put(prefix + "source", row.source());
        headers.put(prefix + "time", row.createdAt().toString());
        if (row.subject() != null) {
            headers.put(prefix + "subject", row.subject());
        }
        if (row.transport() == Transport.KAFKA) {
            headers.put("content-type", CloudEvents.CONTENT_TYPE);
        }
        return new BrokerRecord(row.transport(), row.destination(), row.key(), row.id().toString(), headers,
                row.payload().getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one record; the future completes when the broker acknowledged it, or fails. */
    public CompletableFuture<Void> publish(BrokerRecord record) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        Metadata metadata = Metadata.of(record.transport() == Transport.KAFKA ? kafkaMetadata(record) : amqpMetadata(record));
        Message<byte[]> message = Message.of(record.payload(), metadata,
                () -> {
                    acknowledged.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acknowledged.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            (record.transport() == Transport.KAFKA ? kafka : amqp).send(message);
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    private static OutgoingKafkaRecordMetadata<String> kafkaMetadata(BrokerRecord record) {
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.destination())
                .withKey(record.key())
                .withHeaders(headers)
                .build();
    }

    private static OutgoingAmqpMetadata amqpMetadata(BrokerRecord record) {
        JsonObject properties = new JsonObject();
        record.headers().forEach(properties::put);
        return OutgoingAmqpMetadata.builder()
                .withAddress(record.destination())
                .withMessageId(record.messageId())
                .withDurable(true)
                .withContentType(CloudEvents.CONTENT_TYPE)
                .withApplicationProperties(properties)
                .build();
    }
}
