package dev.orderpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The PrometheusRule alerts on stuck orders, parked outbox rows, growing dead letters and an ageing outbox. */
class AlertRulesTest {

    @BeforeAll
    static void read() {
        DeploymentConsistencyTest.readConfigurationAndManifests();
    }

    @Test
    void shouldAlertOnEveryWayAnOrderCanSilentlyStop() {
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        Manifests.ofKind(DeploymentConsistencyTest.views.get(0).resources(), "PrometheusRule").forEach(rule ->
                rule.path("spec").path("groups").forEach(group -> group.path("rules").forEach(alert ->
                        rules.put(alert.path("expr").asText(), alert))));

        assertThat(rules).as("alert expressions").hasKeySatisfying(
                new org.assertj.core.api.Condition<>(expr -> expr.contains("orders_stuck") && expr.endsWith("> 0"), "orders_stuck > 0"));
        rules.forEach((expr, alert) -> {
            if (expr.contains("orders_stuck")) {
                assertThat(alert.path("for").asText()).isEqualTo("5m");
            }
        });
        assertThat(rules.keySet()).anySatisfy(expr -> assertThat(expr).contains("outbox_parked").endsWith("> 0"));
        assertThat(rules.keySet()).anySatisfy(expr -> assertThat(expr).contains("dead_letters{status=\"NEW\"}")
                .containsAnyOf("delta(", "increase(", "deriv("));
        assertThat(rules.keySet()).anySatisfy(expr -> assertThat(expr).contains("outbox_oldest_unpublished_seconds"));
        rules.values().forEach(alert -> assertThat(alert.path("alert").asText()).isNotBlank());
    }
}
