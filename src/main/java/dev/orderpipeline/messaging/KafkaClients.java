package dev.orderpipeline.messaging;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Client settings for Kafka's own consumers and producers, taken from the application's {@code kafka.*} configuration. */
final class KafkaClients {

    private KafkaClients() {
    }

    /** The entries of {@code kafkaConfig} that {@code clientConfigNames} knows and that have a value. */
    static Map<String, Object> settings(Map<String, Object> kafkaConfig, Set<String> clientConfigNames) {
        Map<String, Object> settings = new HashMap<>();
        kafkaConfig.forEach((name, value) -> {
            if (clientConfigNames.contains(name) && value != null && !String.valueOf(value).isEmpty()) {
                settings.put(name, value);
            }
        });
        return settings;
    }
}
