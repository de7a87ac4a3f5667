package dev.orderpipeline.deployment;

import static dev.orderpipeline.deployment.Manifests.name;
import static dev.orderpipeline.deployment.Manifests.ofKind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/** The KafkaTopic resources of a set of manifests, by the name of the topic each creates. */
final class KafkaTopicManifests {

    private KafkaTopicManifests() {
    }

    /** KafkaTopic resources by topic name (spec.topicName, else metadata.name). */
    static Map<String, JsonNode> declaredTopics(List<JsonNode> resources) {
        Map<String, JsonNode> topics = new LinkedHashMap<>();
        for (JsonNode topic : ofKind(resources, "KafkaTopic")) {
            topics.put(topic.path("spec").path("topicName").asText(name(topic)), topic);
        }
        return topics;
    }

    static Set<String> missingKafkaTopics(Set<String> expected, List<JsonNode> resources) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(declaredTopics(resources).keySet());
        return missing;
    }
}
