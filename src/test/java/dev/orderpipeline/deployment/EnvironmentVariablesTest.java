package dev.orderpipeline.deployment;

import static dev.orderpipeline.deployment.AppPods.API_ROLE;
import static dev.orderpipeline.deployment.AppPods.WORKERS_ROLE;
import static dev.orderpipeline.deployment.AppPods.forEachAppDeployment;
import static dev.orderpipeline.deployment.DeploymentSources.config;
import static dev.orderpipeline.deployment.Manifests.find;
import static dev.orderpipeline.deployment.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every app Deployment sets each environment variable the app reads in prod (the configuration contract, plus what its
 * roles read), and every ConfigMap or Secret it reads exists.
 */
class EnvironmentVariablesTest {

    @BeforeAll
    static void read() {
        DeploymentSources.read();
    }

    /** The environment variables every app pod reads in Kubernetes: the configuration contract of deployment/README.md. */
    static final Set<String> CONFIGURATION_CONTRACT = Set.of(
            "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG",
            "AMQP_HOST", "AMQP_PORT",
            "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
            "QUARKUS_MAILER_HOST", "QUARKUS_MAILER_PORT", "QUARKUS_MAILER_FROM",
            "QUARKUS_HTTP_PORT", "QUARKUS_MANAGEMENT_PORT",
            API_ROLE, WORKERS_ROLE);

    /** What a pod running the api role reads on top of the contract: the admin user. */
    static final Set<String> API_CONTRACT = Set.of("APP_ADMIN_USERNAME", "APP_ADMIN_PASSWORD");

    /** What a pod running the workers role reads on top of the contract: the broker login. */
    static final Set<String> WORKERS_CONTRACT = Set.of("AMQP_USERNAME", "AMQP_PASSWORD");

    @Test
    void shouldSetEveryEnvironmentVariableTheAppReads() {
        Set<String> required = new TreeSet<>(CONFIGURATION_CONTRACT);
        required.addAll(config.requiredEnvironmentVariables());
        List<String> problems = new ArrayList<>();
        forEachAppDeployment((view, deployment, container, environment) -> {
            Set<String> missing = new TreeSet<>(required);
            if ("true".equals(environment.get(API_ROLE))) {
                missing.addAll(API_CONTRACT);
            }
            if ("true".equals(environment.get(WORKERS_ROLE))) {
                missing.addAll(WORKERS_CONTRACT);
            }
            missing.removeAll(environment.keySet());
            if (!missing.isEmpty()) {
                problems.add(view + ": Deployment " + name(deployment) + " does not set " + missing);
            }
            for (JsonNode source : container.path("envFrom")) {
                for (String kind : List.of("ConfigMap", "Secret")) {
                    JsonNode ref = source.path(kind.equals("ConfigMap") ? "configMapRef" : "secretRef");
                    if (!ref.isMissingNode() && !ref.path("optional").asBoolean(false)
                            && !(kind.equals("Secret") && ExternalSecrets.isExternal(ref.path("name").asText()))
                            && find(view.resources(), kind, ref.path("name").asText()).isEmpty()) {
                        problems.add(view + ": Deployment " + name(deployment) + " reads " + kind + " "
                                + ref.path("name").asText() + ", which is not among the manifests");
                    }
                }
            }
        });
        assertThat(problems).isEmpty();
    }
}
