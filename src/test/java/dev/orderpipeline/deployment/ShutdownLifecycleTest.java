package dev.orderpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every app pod stops the same way: a 5 s preStop pause (endpoints removed before SIGTERM), at most 10 s of Quarkus
 * shutdown, inside a 20 s termination grace period.
 */
class ShutdownLifecycleTest {

    static final long PRE_STOP_SECONDS = 5;
    static final long MAX_SHUTDOWN_SECONDS = 10;
    static final long GRACE_SECONDS = 20;

    @BeforeAll
    static void read() {
        DeploymentSources.read();
    }

    @Test
    void shouldPauseFiveSecondsAndStopWithinTwentyEverywhere() {
        List<String> problems = new ArrayList<>();
        AppPods.forEachAppDeployment((view, deployment, container, environment) -> {
            String where = view + ": Deployment " + Manifests.name(deployment);
            long preStop = AppPods.preStopSleepSeconds(container);
            long grace = deployment.path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asLong(30);
            long shutdown = AppPods.parseDuration(environment.getOrDefault("QUARKUS_SHUTDOWN_TIMEOUT",
                    DeploymentSources.config.value("quarkus.shutdown.timeout", "0"))).toSeconds();
            if (preStop != PRE_STOP_SECONDS) {
                problems.add(where + ": preStop sleep " + preStop + " s, expected " + PRE_STOP_SECONDS);
            }
            if (grace != GRACE_SECONDS) {
                problems.add(where + ": terminationGracePeriodSeconds " + grace + ", expected " + GRACE_SECONDS);
            }
            if (shutdown > MAX_SHUTDOWN_SECONDS) {
                problems.add(where + ": shutdown timeout " + shutdown + " s, the app must stop within " + MAX_SHUTDOWN_SECONDS);
            }
            if (grace < preStop + shutdown) {
                problems.add(where + ": grace " + grace + " s < preStop " + preStop + " s + shutdown " + shutdown + " s");
            }
        });
        assertThat(problems).isEmpty();
    }
}
