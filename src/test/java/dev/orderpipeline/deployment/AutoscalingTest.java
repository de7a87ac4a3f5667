package dev.orderpipeline.deployment;

import static dev.orderpipeline.deployment.AppPods.API_ROLE;
import static dev.orderpipeline.deployment.AppPods.WORKERS_ROLE;
import static dev.orderpipeline.deployment.AppPods.appContainer;
import static dev.orderpipeline.deployment.AppPods.appDeployments;
import static dev.orderpipeline.deployment.AppPods.environment;
import static dev.orderpipeline.deployment.DeploymentSources.config;
import static dev.orderpipeline.deployment.DeploymentSources.views;
import static dev.orderpipeline.deployment.KafkaTopicManifests.declaredTopics;
import static dev.orderpipeline.deployment.Manifests.name;
import static dev.orderpipeline.deployment.Manifests.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orderpipeline.deployment.ApplicationProperties.Consumer;
import dev.orderpipeline.deployment.DeploymentSources.View;

/** Autoscalers scale the role they are meant for, and never the workers beyond the partitions of the topics they consume. */
class AutoscalingTest {

    @BeforeAll
    static void read() {
        DeploymentSources.read();
    }

    @Test
    void shouldNotScaleWorkersBeyondThePartitionsOfTheirTopics() {
        Set<Consumer> consumers = config.kafkaConsumers();
        List<String> problems = new ArrayList<>();
        for (View view : views) {
            Map<String, JsonNode> topics = declaredTopics(view.resources());
            for (JsonNode scaledObject : ofKind(view.resources(), "ScaledObject")) {
                String where = view + ": ScaledObject " + name(scaledObject);
                int maxReplicas = scaledObject.path("spec").path("maxReplicaCount").asInt(100);
                for (JsonNode trigger : scaledObject.path("spec").path("triggers")) {
                    if (!trigger.path("type").asText().equals("kafka")) {
                        continue;
                    }
                    JsonNode metadata = trigger.path("metadata");
                    String topic = metadata.path("topic").asText();
                    String group = metadata.path("consumerGroup").asText();
                    JsonNode declared = topics.get(topic);
                    if (declared == null) {
                        problems.add(where + ": trigger topic '" + topic + "' has no KafkaTopic");
                    } else if (declared.path("spec").path("partitions").asInt(1) < maxReplicas) {
                        problems.add(where + ": maxReplicaCount " + maxReplicas + " exceeds the "
                                + declared.path("spec").path("partitions").asInt(1) + " partitions of " + topic
                                + ": the extra consumers of group " + group + " would idle");
                    }
                    if (consumers.isEmpty() && !topics.containsKey(topic + "." + group + ".dlq")) {
                        problems.add(where + ": no planned consumer group '" + group + "' reading " + topic
                                + " (no dead-letter topic " + topic + "." + group + ".dlq)");
                    } else if (!consumers.isEmpty() && !consumers.contains(new Consumer(topic, group))) {
                        problems.add(where + ": the app has no consumer group '" + group + "' reading " + topic);
                    }
                    view.overlay().ifPresent(overlay -> checkBootstrapNamespace(where, scaledObject, metadata, view, problems));
                }
                view.overlay().ifPresent(overlay -> checkScaleTarget(where, scaledObject, WORKERS_ROLE, view, problems));
            }
            for (JsonNode autoscaler : ofKind(view.resources(), "HorizontalPodAutoscaler")) {
                view.overlay().ifPresent(overlay -> checkScaleTarget(view + ": HorizontalPodAutoscaler " + name(autoscaler),
                        autoscaler, API_ROLE, view, problems));
            }
        }
        assertThat(problems).isEmpty();
    }

    /** An autoscaler in a rendered overlay targets an app Deployment of that overlay that runs the given role. */
    static void checkScaleTarget(String where, JsonNode autoscaler, String role, View view, List<String> problems) {
        String target = autoscaler.path("spec").path("scaleTargetRef").path("name").asText();
        Optional<JsonNode> deployment = appDeployments(view.resources()).stream()
                .filter(candidate -> name(candidate).equals(target)).findFirst();
        if (deployment.isEmpty()) {
            problems.add(where + ": scales " + target + ", which is not an app Deployment of this overlay");
        } else if (!"true".equals(environment(appContainer(deployment.get()), view.resources()).get(role))) {
            problems.add(where + ": scales " + target + ", which does not run " + role);
        }
    }

    /** KEDA connects from its own namespace: a bootstrap address must name the namespace of the Kafka cluster. */
    static void checkBootstrapNamespace(String where, JsonNode scaledObject, JsonNode metadata, View view,
            List<String> problems) {
        String namespace = scaledObject.path("metadata").path("namespace").asText();
        for (JsonNode kafka : ofKind(view.resources(), "Kafka")) {
            String host = metadata.path("bootstrapServers").asText().split(":")[0];
            String service = name(kafka) + "-kafka-bootstrap";
            if (!host.equals(service + "." + namespace + ".svc") && !host.equals(service + "." + namespace + ".svc.cluster.local")) {
                problems.add(where + ": bootstrapServers host " + host + " is not " + service + "." + namespace + ".svc");
            }
        }
    }
}
