package dev.orderpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Health and metrics live on the management interface: its own container port, probed by the kubelet, scraped through
 * its own Service, and never exposed by the public REST Service.
 */
class ManagementPortTest {

    static final String METRICS_SERVICE = "order-pipeline-metrics";

    @BeforeAll
    static void read() {
        DeploymentSources.read();
    }

    @Test
    void shouldEnableTheManagementInterfaceInTheApplication() {
        assertThat(DeploymentSources.config.value("quarkus.management.enabled", "false")).isEqualTo("true");
    }

    @Test
    void shouldServeHealthAndMetricsOnTheManagementPortOnly() {
        int configured = Integer.parseInt(DeploymentSources.config.value("quarkus.management.port", "9000"));
        List<String> problems = new ArrayList<>();
        AppPods.forEachAppDeployment((view, deployment, container, environment) -> {
            String where = view + ": Deployment " + Manifests.name(deployment);
            Integer port = AppPods.containerPort(container, "management");
            int expected = Integer.parseInt(environment.getOrDefault("QUARKUS_MANAGEMENT_PORT", String.valueOf(configured)));
            if (port == null || port != expected) {
                problems.add(where + ": container port management is " + port + ", the app listens on " + expected);
            }
            JsonNode annotations = deployment.path("spec").path("template").path("metadata").path("annotations");
            if (annotations.has("prometheus.io/port") && !annotations.path("prometheus.io/port").asText().equals(String.valueOf(expected))) {
                problems.add(where + ": prometheus.io/port is not the management port " + expected);
            }
            JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
            Optional<JsonNode> rest = Manifests.find(view.resources(), "Service", AppPods.APP_NAME);
            rest.ifPresent(service -> service.path("spec").path("ports").forEach(servicePort -> {
                String target = servicePort.path("targetPort").asText();
                if (target.equals("management") || target.equals(String.valueOf(expected))) {
                    problems.add(view + ": the REST Service exposes the management port");
                }
            }));
            Optional<JsonNode> metrics = Manifests.find(view.resources(), "Service", METRICS_SERVICE);
            if (metrics.isEmpty() || !Manifests.selects(metrics.get().path("spec").path("selector"), podLabels)) {
                problems.add(where + ": no Service " + METRICS_SERVICE + " selects its pods");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldScrapeTheMetricsServiceWithAServiceMonitor() {
        for (DeploymentSources.View view : DeploymentSources.views) {
            if (view.overlay().filter("prod"::equals).isEmpty()) {
                continue;
            }
            JsonNode service = Manifests.find(view.resources(), "Service", METRICS_SERVICE).orElseThrow();
            List<JsonNode> monitors = Manifests.ofKind(view.resources(), "ServiceMonitor");
            assertThat(monitors).as("ServiceMonitors in %s", view).isNotEmpty();
            for (JsonNode monitor : monitors) {
                assertThat(Manifests.selects(monitor.path("spec").path("selector"), service.path("metadata").path("labels")))
                        .as("%s selects %s", Manifests.name(monitor), METRICS_SERVICE).isTrue();
                assertThat(monitor.path("spec").path("endpoints").path(0).path("port").asText()).isEqualTo("management");
                assertThat(monitor.path("spec").path("endpoints").path(0).path("path").asText()).isEqualTo("/q/metrics");
            }
        }
    }
}
