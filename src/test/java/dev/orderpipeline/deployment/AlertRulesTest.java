package dev.orderpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The PrometheusRule alerts on stuck orders, parked outbox rows, growing dead letters, an ageing outbox, consumer
 * lag, failing emails, HTTP errors and slow confirmations.
 */
class AlertRulesTest {

    @BeforeAll
    static void read() {
        DeploymentSources.read();
    }

    @Test
    void shouldAlertOnEveryWayAnOrderCanSilentlyStop() {
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        Manifests.ofKind(DeploymentSources.views.get(0).resources(), "PrometheusRule").forEach(rule ->
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

    @Test
    void shouldAlertOnLagFailingEmailsHttpErrorsAndSlowConfirmations() {
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        Manifests.ofKind(DeploymentSources.views.get(0).resources(), "PrometheusRule").forEach(rule ->
                rule.path("spec").path("groups").forEach(group -> group.path("rules").forEach(alert ->
                        rules.put(alert.path("expr").asText(), alert))));

        assertThat(rules.keySet()).anySatisfy(expr -> assertThat(expr).contains("messaging_consumer_group_lag")
                .contains("by (group)"));
        assertThat(rules.keySet()).anySatisfy(expr -> assertThat(expr).contains("email_send_seconds_count{outcome=\"failed\"}")
                .contains("rate("));
        assertThat(rules.keySet()).anySatisfy(expr -> assertThat(expr)
                .contains("http_server_requests_seconds_count{status=~\"5..\"}").contains("/ sum(rate(http_server_requests_seconds_count"));
        assertThat(rules.keySet()).anySatisfy(expr -> assertThat(expr).contains("histogram_quantile(0.99")
                .contains("order_checkout_to_email_seconds_bucket"));
        assertThat(rules.values()).extracting(alert -> alert.path("alert").asText()).doesNotHaveDuplicates();
    }
}
