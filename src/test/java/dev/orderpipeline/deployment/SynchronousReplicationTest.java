package dev.orderpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The production database acknowledges a commit only once a standby has it (CloudNativePG synchronous replication
 * with dataDurability required), so a failover cannot lose an order whose 202 was sent.
 */
class SynchronousReplicationTest {

    @BeforeAll
    static void read() {
        DeploymentSources.read();
    }

    @Test
    void shouldReplicateSynchronouslyWithDurabilityRequiredOutsideDev() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (DeploymentSources.View view : DeploymentSources.views) {
            if (view.overlay().filter("dev"::equals).isPresent()) {
                continue;
            }
            for (JsonNode cluster : Manifests.ofKind(view.resources(), "Cluster")) {
                checked++;
                String where = view + ": Cluster " + Manifests.name(cluster);
                JsonNode spec = cluster.path("spec");
                JsonNode synchronous = spec.path("postgresql").path("synchronous");
                int instances = spec.path("instances").asInt(1);
                int number = synchronous.path("number").asInt(0);
                if (!Set.of("any", "first").contains(synchronous.path("method").asText())) {
                    problems.add(where + ": postgresql.synchronous.method is not any or first");
                }
                if (number < 1) {
                    problems.add(where + ": postgresql.synchronous.number must be at least 1");
                }
                if (!synchronous.path("dataDurability").asText().equals("required")) {
                    problems.add(where + ": postgresql.synchronous.dataDurability is not required");
                }
                if (instances < 3 || instances <= number) {
                    problems.add(where + ": " + instances + " instances, at least 3 and more than the " + number
                            + " synchronous standbys are needed");
                }
                if (spec.path("postgresql").path("parameters").has("synchronous_commit")) {
                    problems.add(where + ": synchronous_commit is set by hand; the synchronous stanza owns it");
                }
            }
        }
        assertThat(checked).as("CloudNativePG Clusters checked").isPositive();
        assertThat(problems).isEmpty();
    }
}
