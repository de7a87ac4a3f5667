package dev.orderpipeline.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.smallrye.common.annotation.Identifier;

/**
 * Writes a consumer's dead letters to Kafka: the record as it came (key, value, headers), with why it failed
 * ({@code dead-letter-reason}, {@code -cause}, {@code -exception-class-name}, {@code -cause-class-name}), where it came
 * from ({@code dead-letter-topic}, {@code -partition}, {@code -offset}) and the consumer's account ({@code
 * dead-letter-consumer}, {@code -attempts}, {@code -first-failure}, {@code -permanent}). A letter counts as written
 * once every replica has it (idempotent producer, {@code acks=all}).
 */
@ApplicationScoped
public class KafkaDeadLetters {

    public static final String REASON_HEADER = "dead-letter-reason";
    public static final String CAUSE_HEADER = "dead-letter-cause";
    public static final String EXCEPTION_CLASS_HEADER = "dead-letter-exception-class-name";
    public static final String CAUSE_CLASS_HEADER = "dead-letter-cause-class-name";
    public static final String TOPIC_HEADER = "dead-letter-topic";
    public static final String PARTITION_HEADER = "dead-letter-partition";
    public static final String OFFSET_HEADER = "dead-letter-offset";
    public static final String CONSUMER_HEADER = "dead-letter-consumer";
    public static final String ATTEMPTS_HEADER = "dead-letter-attempts";
    public static final String FIRST_FAILURE_HEADER = "dead-letter-first-failure";
    public static final String PERMANENT_HEADER = "dead-letter-permanent";

    private final Map<String, Object> kafkaConfig;
    private KafkaProducer<String, byte[]> producer;

    KafkaDeadLetters(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
    }

    /** Sends {@code record}, which {@code consumer} could not handle, to {@code deadLetterTopic}; done once written. */
    CompletableFuture<Void> send(String deadLetterTopic, String consumer, ConsumerRecord<String, byte[]> record,
            RuntimeException failure, int attempts, Instant firstFailure, boolean permanent) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        add(headers, REASON_HEADER, message(failure));
        add(headers, EXCEPTION_CLASS_HEADER, failure.getClass().getName());
        if (failure.getCause() != null) {
            add(headers, CAUSE_HEADER, message(failure.getCause()));
            add(headers, CAUSE_CLASS_HEADER, failure.getCause().getClass().getName());
        }
        add(headers, TOPIC_HEADER, record.topic());
        add(headers, PARTITION_HEADER, String.valueOf(record.partition()));
        add(headers, OFFSET_HEADER, String.valueOf(record.offset()));
        add(headers, CONSUMER_HEADER, consumer);
        add(headers, ATTEMPTS_HEADER, String.valueOf(attempts));
        add(headers, FIRST_FAILURE_HEADER, firstFailure.toString());
        add(headers, PERMANENT_HEADER, String.valueOf(permanent));
        CompletableFuture<Void> written = new CompletableFuture<>();
        try {
            producer().send(new ProducerRecord<>(deadLetterTopic, null, record.key(), record.value(), headers), (metadata, error) -> {
                if (error == null) {
                    written.complete(null);
                } else {
                    written.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            written.completeExceptionally(e);
        }
        return written;
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String message(Throwable failure) {
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> settings = KafkaClients.settings(kafkaConfig, ProducerConfig.configNames());
            settings.put(ProducerConfig.CLIENT_ID_CONFIG, "order-pipeline-dead-letters");
            settings.put(ProducerConfig.ACKS_CONFIG, "all");
            settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
            // Kafka's default: a new dead-letter topic can take a while to get its partitions' leaders.
            settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
            settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(2));
            producer = null;
        }
    }
}
