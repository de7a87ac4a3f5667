package dev.orderpipeline.messaging;

import java.util.Map;

/**
 * A feature's Kafka consumers: the typed handlers of each consumer it owns, by consumer name. Every name is configured
 * under {@code app.kafka.consumers.<name>} (topic and group), and {@link KafkaConsumers} runs it.
 */
public interface ConsumerHandlers {

    Map<String, EventHandlers> kafkaHandlers();
}
