package dev.orderpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orderpipeline.deployment.ApplicationProperties.Consumer;

/**
 * Kafka lets in only logged-in clients (SCRAM-SHA-512 or mTLS, simple authorization), and each app role logs in as its
 * own KafkaUser whose ACLs, derived here from application.properties, allow what the role does and no more.
 */
class KafkaAccessTest {

    @BeforeAll
    static void read() {
        DeploymentSources.read();
    }

    @Test
    void shouldAuthenticateAndAuthorizeEveryClientOfTheAppListener() {
        List<String> problems = new ArrayList<>();
        AppPods.forEachAppDeployment((view, deployment, container, environment) -> {
            String where = view + ": Deployment " + Manifests.name(deployment);
            for (JsonNode kafka : Manifests.ofKind(view.resources(), "Kafka")) {
                String port = environment.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", ":").replaceAll(".*:", "");
                JsonNode listener = null;
                for (JsonNode candidate : kafka.path("spec").path("kafka").path("listeners")) {
                    if (candidate.path("port").asText().equals(port)) {
                        listener = candidate;
                    }
                }
                if (listener == null) {
                    problems.add(where + ": no Kafka listener on port " + port);
                    continue;
                }
                String authentication = listener.path("authentication").path("type").asText();
                if (!Set.of("scram-sha-512", "tls").contains(authentication)) {
                    problems.add(where + ": listener " + listener.path("name").asText() + " has authentication '"
                            + authentication + "', not scram-sha-512 or tls");
                }
                if (!kafka.path("spec").path("kafka").path("authorization").path("type").asText().equals("simple")) {
                    problems.add(view + ": Kafka " + Manifests.name(kafka) + " has no simple authorization");
                }
                if (!kafka.path("spec").path("entityOperator").has("userOperator")) {
                    problems.add(view + ": no user operator turns the KafkaUsers into credentials and ACLs");
                }
                if (authentication.equals("scram-sha-512")) {
                    String protocol = listener.path("tls").asBoolean(false) ? "SASL_SSL" : "SASL_PLAINTEXT";
                    if (!protocol.equals(environment.get("KAFKA_SECURITY_PROTOCOL"))
                            || !"SCRAM-SHA-512".equals(environment.get("KAFKA_SASL_MECHANISM"))) {
                        problems.add(where + ": KAFKA_SECURITY_PROTOCOL / KAFKA_SASL_MECHANISM are "
                                + environment.get("KAFKA_SECURITY_PROTOCOL") + " / " + environment.get("KAFKA_SASL_MECHANISM")
                                + ", the listener wants " + protocol + " / SCRAM-SHA-512");
                    }
                    Optional<JsonNode> user = userOf(container, view.resources());
                    if (user.isEmpty()) {
                        problems.add(where + ": KAFKA_SASL_JAAS_CONFIG does not come from the Secret of a KafkaUser");
                    } else if (!user.get().path("spec").path("authentication").path("type").asText().equals(authentication)) {
                        problems.add(where + ": KafkaUser " + Manifests.name(user.get()) + " does not use " + authentication);
                    }
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldGrantEachRoleTheAccessItNeedsAndNoMore() {
        ApplicationProperties config = DeploymentSources.config;
        Set<String> topics = config.kafkaTopics();
        List<String> problems = new ArrayList<>();
        AppPods.forEachAppDeployment((view, deployment, container, environment) -> {
            Optional<JsonNode> user = userOf(container, view.resources());
            if (user.isEmpty()) {
                return; // reported by shouldAuthenticateAndAuthorizeEveryClientOfTheAppListener
            }
            String where = view + ": KafkaUser " + Manifests.name(user.get()) + " of " + Manifests.name(deployment);
            Map<String, Set<String>> acls = acls(user.get());
            boolean workers = "true".equals(environment.get(AppPods.WORKERS_ROLE));
            Set<String> required = new TreeSet<>();
            for (String topic : topics) {
                if (!topic.endsWith(".dlq")) {
                    required.add("topic:" + topic + ":Write");
                }
            }
            if (workers) {
                for (Consumer consumer : config.kafkaConsumers()) {
                    required.add("topic:" + consumer.topic() + ":Read");
                    required.add("group:" + consumer.group() + ":Read");
                }
                for (ApplicationProperties.Channel channel : config.channels()) {
                    if (channel.incoming() && channel.isKafka()) {
                        channel.deadLetterTopic().ifPresent(deadLetters -> required.add("topic:" + deadLetters + ":Write"));
                        if (Boolean.parseBoolean(channel.attributes().getOrDefault("pattern", "false"))) {
                            required.add("group:" + channel.attributes().get("group.id") + ":Read");
                            topics.stream().filter(topic -> topic.endsWith(".dlq"))
                                    .forEach(topic -> required.add("topic:" + topic + ":Read"));
                        }
                    }
                }
            }
            Set<String> granted = new TreeSet<>();
            acls.forEach((resource, operations) -> operations.forEach(operation -> granted.add(resource + ":" + operation)));
            Set<String> missing = new TreeSet<>(required);
            missing.removeAll(granted);
            if (!missing.isEmpty()) {
                problems.add(where + ": lacks " + missing);
            }
            for (String grant : granted) {
                String[] parts = grant.split(":");
                boolean extraRead = !workers && (parts[2].equals("Read") || parts[0].equals("group"));
                if (parts[0].equals("topic") && !topics.contains(parts[1])) {
                    problems.add(where + ": ACL for topic " + parts[1] + ", which the app does not use");
                }
                if (extraRead || parts[2].equals("All") || parts[1].equals("*")) {
                    problems.add(where + ": grants " + grant + ", more than the role does");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    /** The KafkaUser whose generated Secret provides the container's KAFKA_SASL_JAAS_CONFIG. */
    static Optional<JsonNode> userOf(JsonNode container, List<JsonNode> resources) {
        for (JsonNode variable : container.path("env")) {
            JsonNode reference = variable.path("valueFrom").path("secretKeyRef");
            if (variable.path("name").asText().equals("KAFKA_SASL_JAAS_CONFIG")
                    && reference.path("key").asText().equals("sasl.jaas.config")) {
                return Manifests.find(resources, "KafkaUser", reference.path("name").asText());
            }
        }
        return Optional.empty();
    }

    /** "type:name" (cluster: "cluster:kafka-cluster") to operations. */
    static Map<String, Set<String>> acls(JsonNode user) {
        Map<String, Set<String>> acls = new TreeMap<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            JsonNode resource = acl.path("resource");
            String key = resource.path("type").asText() + ":" + resource.path("name").asText("kafka-cluster");
            Set<String> operations = acls.computeIfAbsent(key, ignored -> new TreeSet<>());
            acl.path("operations").forEach(operation -> operations.add(operation.asText()));
            if (acl.has("operation")) {
                operations.add(acl.path("operation").asText());
            }
            if (resource.path("patternType").asText("literal").equals("prefix")) {
                operations.add("prefix");
            }
        }
        return acls;
    }
}
