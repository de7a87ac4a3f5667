package dev.orderpipeline.deployment;

import static dev.orderpipeline.deployment.DeploymentSources.APPLICATION_PROPERTIES;
import static dev.orderpipeline.deployment.DeploymentSources.config;
import static dev.orderpipeline.deployment.DeploymentSources.views;
import static dev.orderpipeline.deployment.KafkaTopicManifests.declaredTopics;
import static dev.orderpipeline.deployment.KafkaTopicManifests.missingKafkaTopics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orderpipeline.deployment.DeploymentSources.View;

/** Every Kafka topic the app uses, and only those, is declared as a KafkaTopic, and dead letters outlive the messages they came from. */
class KafkaTopicsTest {

    @BeforeAll
    static void read() {
        DeploymentSources.read();
    }

    /**
     * The topics the pipeline and failure-handling work plans. Checked only while application.properties configures
     * no topic at all; from the first configured topic on, the configuration alone is the reference.
     */
    static final Set<String> PLANNED_TOPICS = Set.of(
            "orders", "inventory", "payments", "catalog", "order-activity",
            "orders.inventory.dlq", "payments.inventory.dlq", "inventory.payment.dlq", "inventory.checkout.dlq",
            "payments.checkout.dlq", "catalog.inventory-catalog.dlq", "catalog.checkout-catalog.dlq");

    /** Kafka's default retention (7 days), for a topic that does not set retention.ms. */
    static final long DEFAULT_RETENTION_MS = Duration.ofDays(7).toMillis();

    @Test
    void shouldDeclareAKafkaTopicForEveryConfiguredTopic() {
        boolean configured = !config.kafkaTopics().isEmpty();
        Set<String> expected = configured ? config.kafkaTopics() : PLANNED_TOPICS;
        String source = configured ? "configured in " + APPLICATION_PROPERTIES
                : "planned (" + APPLICATION_PROPERTIES + " configures none yet)";
        for (View view : views) {
            assertThat(missingKafkaTopics(expected, view.resources()))
                    .as("topics %s with no KafkaTopic in %s", source, view)
                    .isEmpty();
        }
    }

    @Test
    void shouldDeclareOnlyKafkaTopicsTheAppUses() {
        assumeFalse(config.kafkaTopics().isEmpty(), APPLICATION_PROPERTIES + " configures no Kafka topic yet");
        for (View view : views) {
            Set<String> unused = new TreeSet<>(declaredTopics(view.resources()).keySet());
            unused.removeAll(config.kafkaTopics());
            assertThat(unused).as("KafkaTopics in %s that %s does not use", view, APPLICATION_PROPERTIES).isEmpty();
        }
    }

    @Test
    void shouldKeepDeadLettersLongerThanTheMessagesTheyCameFrom() {
        List<String> problems = new ArrayList<>();
        for (View view : views) {
            Map<String, JsonNode> topics = declaredTopics(view.resources());
            deadLetterSources(topics.keySet()).forEach((deadLetterTopic, source) -> {
                if (!topics.containsKey(deadLetterTopic) || !topics.containsKey(source)) {
                    return; // a missing topic is reported by shouldDeclareAKafkaTopicForEveryConfiguredTopic
                }
                long kept = retentionMs(topics.get(deadLetterTopic));
                long sourceKept = retentionMs(topics.get(source));
                if (kept != -1 && (sourceKept == -1 || kept <= sourceKept)) {
                    problems.add(view + ": " + deadLetterTopic + " keeps messages " + kept + " ms, not longer than "
                            + source + " (" + sourceKept + " ms)");
                }
            });
        }
        assertThat(problems).isEmpty();
    }

    /**
     * Dead-letter topic to source topic: from the configured channels when there are some, else by the naming rule
     * {@code <topic>.<consumer-group>.dlq} among the declared topics.
     */
    static Map<String, String> deadLetterSources(Set<String> declared) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (ApplicationProperties.Channel channel : config.channels()) {
            if (channel.incoming() && channel.isKafka()) {
                channel.deadLetterTopic().ifPresent(deadLetterTopic ->
                        channel.topics().forEach(topic -> sources.put(deadLetterTopic, topic)));
            }
        }
        if (sources.isEmpty()) {
            for (String topic : declared) {
                if (topic.endsWith(".dlq")) {
                    declared.stream().filter(source -> topic.startsWith(source + ".") && !source.endsWith(".dlq"))
                            .max((a, b) -> Integer.compare(a.length(), b.length()))
                            .ifPresent(source -> sources.put(topic, source));
                }
            }
        }
        return sources;
    }

    /** retention.ms of a KafkaTopic (Kafka's default when unset; -1 means forever). */
    static long retentionMs(JsonNode topic) {
        JsonNode retention = topic.path("spec").path("config").path("retention.ms");
        return retention.isMissingNode() ? DEFAULT_RETENTION_MS : Long.parseLong(retention.asText());
    }
}
