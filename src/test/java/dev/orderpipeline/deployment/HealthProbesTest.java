package dev.orderpipeline.deployment;

import static dev.orderpipeline.deployment.AppPods.containerPort;
import static dev.orderpipeline.deployment.AppPods.forEachAppDeployment;
import static dev.orderpipeline.deployment.DeploymentSources.config;
import static dev.orderpipeline.deployment.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The kubelet probes Quarkus's startup, liveness and readiness paths on the port that serves them (the management port). */
class HealthProbesTest {

    @BeforeAll
    static void read() {
        DeploymentSources.read();
    }

    @Test
    void shouldProbeTheHealthEndpointsOnTheManagementPort() {
        boolean management = Boolean.parseBoolean(config.value("quarkus.management.enabled", "false"));
        int httpPort = Integer.parseInt(config.value("quarkus.http.port", "8080"));
        int probePort = management ? Integer.parseInt(config.value("quarkus.management.port", "9000")) : httpPort;
        String healthRoot = healthRoot(management);
        Map<String, String> expectedPaths = Map.of(
                "startupProbe", join(healthRoot, config.value("quarkus.smallrye-health.startup-path", "started")),
                "livenessProbe", join(healthRoot, config.value("quarkus.smallrye-health.liveness-path", "live")),
                "readinessProbe", join(healthRoot, config.value("quarkus.smallrye-health.readiness-path", "ready")));

        List<String> problems = new ArrayList<>();
        forEachAppDeployment((view, deployment, container, environment) -> {
            String where = view + ": Deployment " + name(deployment);
            Integer containerPort = containerPort(container, "http");
            if (containerPort == null || containerPort != httpPort) {
                problems.add(where + ": container port named http is " + containerPort + ", quarkus.http.port is " + httpPort);
            }
            String portOverride = environment.get("QUARKUS_HTTP_PORT");
            if (portOverride != null && !portOverride.equals(String.valueOf(containerPort))) {
                problems.add(where + ": QUARKUS_HTTP_PORT=" + portOverride + " but the container port named http is "
                        + containerPort);
            }
            expectedPaths.forEach((probe, path) -> {
                JsonNode httpGet = container.path(probe).path("httpGet");
                if (httpGet.isMissingNode()) {
                    problems.add(where + ": no " + probe + " with httpGet");
                    return;
                }
                if (!path.equals(httpGet.path("path").asText())) {
                    problems.add(where + ": " + probe + " path is " + httpGet.path("path").asText() + ", expected " + path);
                }
                JsonNode port = httpGet.path("port");
                Integer resolved = port.isInt() ? Integer.valueOf(port.asInt()) : containerPort(container, port.asText());
                if (resolved == null || resolved != probePort) {
                    problems.add(where + ": " + probe + " port " + port.asText() + " is not the health port " + probePort + (management ? " (management interface)" : ""));
                }
            });
        });
        assertThat(problems).isEmpty();
    }

    /** Quarkus's health root: non-application root (relative to the HTTP root unless absolute), then the health path. */
    static String healthRoot(boolean management) {
        String nonApplicationRoot = management
                ? config.value("quarkus.management.root-path", "/q")
                : config.value("quarkus.http.non-application-root-path", "q");
        if (!nonApplicationRoot.startsWith("/")) {
            nonApplicationRoot = join(config.value("quarkus.http.root-path", "/"), nonApplicationRoot);
        }
        String health = config.value("quarkus.smallrye-health.root-path", "health");
        return health.startsWith("/") ? health : join(nonApplicationRoot, health);
    }

    static String join(String base, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        return (base.endsWith("/") ? base : base + "/") + path;
    }
}
