package dev.orderpipeline.messaging.outbox;

import java.nio.charset.StandardCharsets;
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

/** Sends outbox rows to Kafka or AMQP and completes once the broker acknowledged them. */
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

    CompletableFuture<Void> publish(OutboxRow row) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        byte[] body = row.payload().getBytes(StandardCharsets.UTF_8);
        Metadata metadata = Metadata.of(row.transport() == Transport.KAFKA ? kafkaMetadata(row) : amqpMetadata(row));
        Message<byte[]> message = Message.of(body, metadata,
                () -> {
                    acknowledged.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acknowledged.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            (row.transport() == Transport.KAFKA ? kafka : amqp).send(message);
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    private static OutgoingKafkaRecordMetadata<String> kafkaMetadata(OutboxRow row) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, "specversion", CloudEvents.SPEC_VERSION);
        header(headers, "id", row.id().toString());
        header(headers, "type", row.type());
        header(headers, "source", row.source());
        header(headers, "time", row.createdAt().toString());
        if (row.subject() != null) {
            header(headers, "subject", row.subject());
        }
        headers.add("content-type", CloudEvents.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.destination())
                .withKey(row.key())
                .withHeaders(headers)
                .build();
    }

    private static void header(RecordHeaders headers, String attribute, String value) {
        headers.add(CloudEvents.KAFKA_PREFIX + attribute, value.getBytes(StandardCharsets.UTF_8));
    }

    private static OutgoingAmqpMetadata amqpMetadata(OutboxRow row) {
        JsonObject properties = new JsonObject()
                .put(CloudEvents.AMQP_PREFIX + "specversion", CloudEvents.SPEC_VERSION)
                .put(CloudEvents.AMQP_PREFIX + "id", row.id().toString())
                .put(CloudEvents.AMQP_PREFIX + "type", row.type())
                .put(CloudEvents.AMQP_PREFIX + "source", row.source())
                .put(CloudEvents.AMQP_PREFIX + "time", row.createdAt().toString());
        if (row.subject() != null) {
            properties.put(CloudEvents.AMQP_PREFIX + "subject", row.subject());
        }
        return OutgoingAmqpMetadata.builder()
                .withAddress(row.destination())
                .withMessageId(row.id().toString())
                .withDurable(true)
                .withContentType(CloudEvents.CONTENT_TYPE)
                .withApplicationProperties(properties)
                .build();
    }
}
