package dev.orderpipeline.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import dev.orderpipeline.messaging.CloudEvents;
import dev.orderpipeline.messaging.TraceContext;
import io.smallrye.reactive.messaging.amqp.OutgoingAmqpMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.json.JsonObject;

/**
 * Sends records to Kafka or AMQP and completes once the broker acknowledged them.
 *
 * <p>Kafka records go straight to the producer of the {@value #KAFKA_CHANNEL} channel (its configuration, its
 * health check), not through the channel's stream: a relay batch is hundreds of records, and the per-message
 * envelope, metadata and stream hops cost more CPU than the producer itself (measured by the benchmark).
 */
@ApplicationScoped
public class OutboxPublisher {

    public static final String KAFKA_CHANNEL = "outbox-kafka";
    public static final String AMQP_CHANNEL = "outbox-amqp";

    private final KafkaClientService kafkaClients;
    private final Emitter<byte[]> amqp;
    private volatile Producer<String, byte[]> kafka;

    /**
     * The Kafka emitter is never sent to; it only keeps the channel (and with it the producer) wired.
     */
    OutboxPublisher(KafkaClientService kafkaClients,
            @Channel(KAFKA_CHANNEL) Emitter<byte[]> kafkaChannel,
            @Channel(AMQP_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192) Emitter<byte[]> amqp) {
        this.kafkaClients = kafkaClients;
        this.amqp = amqp;
    }

    /**
     * The broker record of an outbox row: CloudEvents attributes as binary-mode headers or properties, and the trace
     * context stored with the row (W3C {@code traceparent}, {@code tracestate}).
     */
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
        if (row.trace() != null) {
            headers.put(TraceContext.TRACEPARENT, row.trace().traceparent());
            if (row.trace().tracestate() != null) {
                headers.put(TraceContext.TRACESTATE, row.trace().tracestate());
            }
        }
        return new BrokerRecord(row.transport(), row.destination(), row.key(), row.id().toString(), headers,
                row.payload().getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one record; the future completes when the broker acknowledged it, or fails. */
    public CompletableFuture<Void> publish(BrokerRecord record) {
        return record.transport() == Transport.KAFKA ? publishToKafka(record) : publishToAmqp(record);
    }

    private CompletableFuture<Void> publishToKafka(BrokerRecord record) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        try {
            kafkaProducer().send(kafkaRecord(record), (metadata, failure) -> {
                if (failure == null) {
                    acknowledged.complete(null);
                } else {
                    acknowledged.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    /** The channel's producer, created on first use (the connector creates it lazily, on its sending thread). */
    private Producer<String, byte[]> kafkaProducer() {
        Producer<String, byte[]> producer = kafka;
        if (producer == null) {
            producer = kafkaClients.<String, byte[]> getProducer(KAFKA_CHANNEL)
                    .runOnSendingThread(Function.<Producer<String, byte[]>> identity())
                    .await().atMost(Duration.ofSeconds(30));
            kafka = producer;
        }
        return producer;
    }

    private CompletableFuture<Void> publishToAmqp(BrokerRecord record) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        Metadata metadata = Metadata.of(amqpMetadata(record));
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
            amqp.send(message);
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    private static ProducerRecord<String, byte[]> kafkaRecord(BrokerRecord record) {
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(record.destination(), null, record.key(), record.payload(), headers);
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
