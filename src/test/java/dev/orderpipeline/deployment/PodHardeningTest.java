package dev.orderpipeline.deployment;

import static dev.orderpipeline.deployment.AppPods.forEachAppDeployment;
import static dev.orderpipeline.deployment.AppPods.parseDuration;
import static dev.orderpipeline.deployment.AppPods.preStopSleepSeconds;
import static dev.orderpipeline.deployment.DeploymentSources.config;
import static dev.orderpipeline.deployment.Manifests.name;
import static dev.orderpipeline.deployment.Manifests.ofKind;
import static dev.orderpipeline.deployment.Manifests.selects;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Every app pod runs hardened (non-root, read-only root, bounded resources), is covered by a disruption budget, and gets time to shut down. */
class PodHardeningTest {

    @BeforeAll
    static void read() {
        DeploymentSources.read();
    }

    @Test
    void shouldHardenEveryAppPodAndShutItDownGracefully() {
        List<String> problems = new ArrayList<>();
        forEachAppDeployment((view, deployment, container, environment) -> {
            String where = view + ": Deployment " + name(deployment);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode security = container.path("securityContext");
            if (!pod.path("securityContext").path("runAsNonRoot").asBoolean(false)
                    && !security.path("runAsNonRoot").asBoolean(false)) {
                problems.add(where + ": runAsNonRoot is not true");
            }
            if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
                problems.add(where + ": readOnlyRootFilesystem is not true");
            }
            if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
                problems.add(where + ": allowPrivilegeEscalation is not false");
            }
            boolean writableTmp = false;
            for (JsonNode mount : container.path("volumeMounts")) {
                if (mount.path("mountPath").asText().equals("/tmp")) {
                    for (JsonNode volume : pod.path("volumes")) {
                        writableTmp |= volume.path("name").asText().equals(mount.path("name").asText())
                                && volume.has("emptyDir");
                    }
                }
            }
            if (!writableTmp) {
                problems.add(where + ": no emptyDir mounted at /tmp (the root filesystem is read-only)");
            }
            for (String field : List.of("requests/cpu", "requests/memory", "limits/cpu", "limits/memory")) {
                String[] parts = field.split("/");
                if (container.path("resources").path(parts[0]).path(parts[1]).asText().isEmpty()) {
                    problems.add(where + ": no resources." + field.replace('/', '.'));
                }
            }
            long preStop = preStopSleepSeconds(container);
            if (preStop <= 0) {
                problems.add(where + ": no preStop sleep (endpoints need a moment to stop routing to a terminating pod)");
            }
            long shutdown = parseDuration(environment.getOrDefault("QUARKUS_SHUTDOWN_TIMEOUT",
                    config.value("quarkus.shutdown.timeout", "0"))).toSeconds();
            long grace = pod.path("terminationGracePeriodSeconds").asLong(30);
            if (grace < preStop + shutdown) {
                problems.add(where + ": terminationGracePeriodSeconds " + grace + " is shorter than the preStop sleep ("
                        + preStop + " s) plus the shutdown timeout (" + shutdown + " s)");
            }
            JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
            if (ofKind(view.resources(), "PodDisruptionBudget").stream()
                    .noneMatch(budget -> selects(budget.path("spec").path("selector"), podLabels))) {
                problems.add(where + ": no PodDisruptionBudget selects its pods");
            }
        });
        assertThat(problems).isEmpty();
    }
}
