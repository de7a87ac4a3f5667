package dev.orderpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The namespace denies all traffic by default, and each app role is allowed exactly the ports it needs: api takes
 * REST requests and reaches PostgreSQL and Kafka, never the AMQP broker or SMTP; workers reach PostgreSQL, Kafka, the
 * broker and SMTP; Prometheus reaches every pod's management port.
 */
class NetworkPolicyTest {

    static final int POSTGRES = 5432;
    static final int KAFKA = 9092;
    static final int AMQP = 5672;

    @BeforeAll
    static void read() {
        DeploymentSources.read();
    }

    @Test
    void shouldDenyEverythingByDefaultAndAllowDns() {
        for (DeploymentSources.View view : DeploymentSources.views) {
            List<JsonNode> policies = Manifests.ofKind(view.resources(), "NetworkPolicy");
            assertThat(policies).as("a default-deny NetworkPolicy in %s", view).anySatisfy(policy -> {
                JsonNode spec = policy.path("spec");
                assertThat(spec.path("podSelector").isEmpty()).isTrue();
                assertThat(Manifests.texts(spec.path("policyTypes"))).contains("Ingress", "Egress");
                assertThat(spec.path("ingress").isEmpty() && spec.path("egress").isEmpty()).isTrue();
            });
            assertThat(policies).as("DNS for every pod in %s", view).anySatisfy(policy -> {
                assertThat(policy.path("spec").path("podSelector").isEmpty()).isTrue();
                assertThat(ports(policy.path("spec").path("egress"))).contains(53);
            });
        }
    }

    @Test
    void shouldAllowEachRoleExactlyThePortsItUses() {
        int http = Integer.parseInt(DeploymentSources.config.value("quarkus.http.port", "8080"));
        int management = Integer.parseInt(DeploymentSources.config.value("quarkus.management.port", "9000"));
        List<String> problems = new ArrayList<>();
        AppPods.forEachAppDeployment((view, deployment, container, environment) -> {
            String where = view + ": Deployment " + Manifests.name(deployment);
            JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
            Set<Integer> ingress = new TreeSet<>();
            Set<Integer> egress = new TreeSet<>();
            for (JsonNode policy : Manifests.ofKind(view.resources(), "NetworkPolicy")) {
                JsonNode selector = policy.path("spec").path("podSelector");
                if (selector.isEmpty() || Manifests.selects(selector, labels)) {
                    ingress.addAll(ports(policy.path("spec").path("ingress")));
                    egress.addAll(ports(policy.path("spec").path("egress")));
                }
            }
            boolean api = "true".equals(environment.get(AppPods.API_ROLE));
            boolean workers = "true".equals(environment.get(AppPods.WORKERS_ROLE));
            int mail = Integer.parseInt(environment.getOrDefault("QUARKUS_MAILER_PORT", "25"));
            require(where, "ingress", ingress, management, true, problems);
            require(where, "ingress", ingress, http, api, problems);
            require(where, "egress", egress, POSTGRES, true, problems);
            require(where, "egress", egress, KAFKA, true, problems);
            require(where, "egress", egress, AMQP, workers, problems);
            require(where, "egress", egress, mail, workers, problems);
            if (!api && ingress.contains(http)) {
                problems.add(where + ": takes HTTP requests on " + http + " without running the api role");
            }
        });
        assertThat(problems).isEmpty();
    }

    /** A required port must be allowed; a port of a role the pod does not run must not be. */
    private static void require(String where, String direction, Set<Integer> allowed, int port, boolean needed,
            List<String> problems) {
        if (needed && !allowed.contains(port)) {
            problems.add(where + ": " + direction + " to port " + port + " is not allowed");
        } else if (!needed && allowed.contains(port)) {
            problems.add(where + ": " + direction + " to port " + port + " is allowed but its role does not use it");
        }
    }

    /** Ports named by a policy's rules; a rule without ports (all ports) counts as none, as it must stay rare. */
    static Set<Integer> ports(JsonNode rules) {
        Set<Integer> ports = new TreeSet<>();
        for (JsonNode rule : rules) {
            for (JsonNode port : rule.path("ports")) {
                if (port.path("port").isInt()) {
                    ports.add(port.path("port").asInt());
                }
            }
        }
        return ports;
    }
}
