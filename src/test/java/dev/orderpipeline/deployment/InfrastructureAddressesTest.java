package dev.orderpipeline.deployment;

import static dev.orderpipeline.deployment.AppPods.forEachAppDeployment;
import static dev.orderpipeline.deployment.Manifests.find;
import static dev.orderpipeline.deployment.Manifests.name;
import static dev.orderpipeline.deployment.Manifests.ofKind;
import static dev.orderpipeline.deployment.Manifests.texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orderpipeline.deployment.DeploymentSources.View;

/** The app's addresses and credentials point at the Kafka cluster, broker, database and mail server the manifests deploy. */
class InfrastructureAddressesTest {

    @BeforeAll
    static void read() {
        DeploymentSources.read();
    }

    @Test
    void shouldPointTheAppAtTheInfrastructureItDeploys() {
        List<String> problems = new ArrayList<>();
        forEachAppDeployment((view, deployment, container, environment) -> {
            String where = view + ": Deployment " + name(deployment);
            List<JsonNode> resources = view.resources();

            for (JsonNode kafka : single(resources, "Kafka", view, problems)) {
                String bootstrap = name(kafka) + "-kafka-bootstrap";
                Set<String> expected = new TreeSet<>();
                kafka.path("spec").path("kafka").path("listeners").forEach(listener -> {
                    if (!listener.path("tls").asBoolean(false)) {
                        expected.add(bootstrap + ":" + listener.path("port").asInt());
                    }
                });
                if (!expected.contains(environment.get("KAFKA_BOOTSTRAP_SERVERS"))) {
                    problems.add(where + ": KAFKA_BOOTSTRAP_SERVERS=" + environment.get("KAFKA_BOOTSTRAP_SERVERS")
                            + ", the Kafka cluster listens on " + expected);
                }
                for (String kind : List.of("KafkaTopic", "KafkaNodePool")) {
                    ofKind(resources, kind).stream()
                            .filter(r -> !r.path("metadata").path("labels").path("strimzi.io/cluster").asText().equals(name(kafka)))
                            .forEach(r -> problems.add(view + ": " + kind + " " + name(r) + " is not labelled "
                                    + "strimzi.io/cluster=" + name(kafka)));
                }
            }

            for (JsonNode broker : single(resources, "ActiveMQArtemis", view, problems)) {
                Set<String> expected = new TreeSet<>();
                broker.path("spec").path("acceptors").forEach(acceptor -> {
                    if (acceptor.path("protocols").asText().toLowerCase().contains("amqp")) {
                        expected.add(name(broker) + "-" + acceptor.path("name").asText() + "-0-svc:"
                                + acceptor.path("port").asInt());
                    }
                });
                String actual = environment.get("AMQP_HOST") + ":" + environment.get("AMQP_PORT");
                if (!expected.contains(actual)) {
                    problems.add(where + ": AMQP_HOST:AMQP_PORT is " + actual + ", the broker's AMQP acceptors are " + expected);
                }
                for (String variable : List.of("AMQP_USERNAME", "AMQP_PASSWORD")) {
                    checkSecretReference(where, container, variable, name(broker) + "-credentials-secret", resources, problems);
                }
                ofKind(resources, "ActiveMQArtemisAddress").forEach(address -> {
                    JsonNode targets = address.path("spec").path("applyToCrNames");
                    if (targets.isArray() && !texts(targets).contains(name(broker))) {
                        problems.add(view + ": ActiveMQArtemisAddress " + name(address) + " does not apply to " + name(broker));
                    }
                });
            }

            for (JsonNode database : single(resources, "Cluster", view, problems)) {
                Matcher url = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+).*")
                        .matcher(environment.getOrDefault("QUARKUS_DATASOURCE_JDBC_URL", ""));
                String databaseName = database.path("spec").path("bootstrap").path("initdb").path("database").asText("app");
                if (!url.matches() || !isServiceHost(url.group(1), name(database) + "-rw")
                        || !url.group(3).equals(databaseName)) {
                    problems.add(where + ": QUARKUS_DATASOURCE_JDBC_URL=" + environment.get("QUARKUS_DATASOURCE_JDBC_URL")
                            + " is not database " + databaseName + " on " + name(database) + "-rw");
                }
                for (String variable : List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
                    checkSecretReference(where, container, variable, name(database) + "-app", resources, problems);
                }
            }

            String mailHost = environment.getOrDefault("QUARKUS_MAILER_HOST", "");
            if (!mailHost.contains(".") && find(resources, "Service", mailHost).isEmpty()) {
                problems.add(where + ": QUARKUS_MAILER_HOST=" + mailHost + " is neither a Service of the manifests nor a host name");
            }
        });
        assertThat(problems).isEmpty();
    }

    /** The one resource of a kind in a view (a problem if there are several); none if the view has none. */
    static List<JsonNode> single(List<JsonNode> resources, String kind, View view, List<String> problems) {
        List<JsonNode> found = ofKind(resources, kind);
        if (found.size() > 1) {
            problems.add(view + ": " + found.size() + " " + kind + " resources; the app is configured for one");
        }
        return found.stream().limit(1).toList();
    }

    /** A variable read from a Secret: one of the manifests, or the one the operator generates. */
    static void checkSecretReference(String where, JsonNode container, String variable, String generatedSecret,
            List<JsonNode> resources, List<String> problems) {
        for (JsonNode entry : container.path("env")) {
            if (!entry.path("name").asText().equals(variable)) {
                continue;
            }
            JsonNode reference = entry.path("valueFrom").path("secretKeyRef");
            String secret = reference.path("name").asText();
            if (!reference.isMissingNode() && !secret.equals(generatedSecret) && !ExternalSecrets.isExternal(secret)
                    && find(resources, "Secret", secret).isEmpty()) {
                problems.add(where + ": " + variable + " comes from Secret " + secret + ", which is neither among the "
                        + "manifests nor the operator's " + generatedSecret);
            }
        }
    }

    static boolean isServiceHost(String host, String service) {
        return host.equals(service) || host.startsWith(service + ".");
    }
}
