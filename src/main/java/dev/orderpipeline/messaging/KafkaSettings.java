package dev.orderpipeline.messaging;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;

/** The Kafka consumers this instance runs ({@code app.kafka.consumers.<consumer>}) and how they commit and are measured. */
@ConfigMapping(prefix = "app.kafka")
public interface KafkaSettings {

    /** Every consumer by name: the topic it reads and its consumer group. */
    Map<String, Consumer> consumers();

    /** How often a consumer commits the offsets of what it has handled (and always when it goes idle, is revoked or closes). */
    Duration commitInterval();

    /** How often the consumer group lag is measured, at most. */
    Duration lagRefresh();

    /** One consumer: a topic and a group; its dead letters go to {@code <topic>.<group>.dlq}. */
    interface Consumer {

        String topic();

        String group();

        default String deadLetterTopic() {
            return topic() + "." + group() + ".dlq";
        }
    }
}
