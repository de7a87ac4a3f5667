package dev.orderpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orderpipeline.deployment.MonitoringManifests.Dashboard;

/**
 * The Grafana dashboard is valid JSON, every panel queries Prometheus, it covers the pipeline from checkout to email,
 * and the prod overlay ships it as a ConfigMap that Grafana's sidecar loads.
 */
class GrafanaDashboardTest {

    /** What the dashboard must show: throughput, latencies, outbox, lag, dead letters, stuck orders, email, HTTP. */
    static final Set<String> SHOWN = Set.of("messaging_messages_total", "messaging_handling_seconds_bucket",
            "messaging_message_age_seconds_bucket", "order_checkout_to_email_seconds_bucket", "outbox_backlog_messages",
            "outbox_oldest_unpublished_seconds", "outbox_relay_batch_seconds_bucket", "outbox_publish_lag_seconds_bucket",
            "messaging_consumer_group_lag", "dead_letters", "orders_stuck", "email_send_seconds_count",
            "email_send_seconds_bucket", "http_server_requests_seconds_count");

    static List<Dashboard> dashboards;

    @BeforeAll
    static void read() {
        DeploymentSources.read();
        dashboards = MonitoringManifests.dashboards(DeploymentSources.files);
    }

    @Test
    void shouldGiveEveryPanelAPrometheusQuery() {
        assertThat(dashboards).as("dashboards generated with the label %s", MonitoringManifests.SIDECAR_LABEL).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Dashboard dashboard : dashboards) {
            JsonNode json = dashboard.json();
            if (json.path("uid").asText().isBlank() || json.path("title").asText().isBlank()) {
                problems.add(dashboard.file() + " has no uid or title");
            }
            if (dashboard.panels().isEmpty()) {
                problems.add(dashboard.file() + " has no panel");
            }
            for (JsonNode panel : dashboard.panels()) {
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                String where = dashboard.file() + ": panel \"" + panel.path("title").asText() + "\"";
                if (panel.path("targets").isEmpty()) {
                    problems.add(where + " has no query");
                }
                panel.path("targets").forEach(target -> {
                    if (target.path("expr").asText().isBlank()) {
                        problems.add(where + " query " + target.path("refId").asText() + " is empty");
                    }
                });
                if (!panel.path("datasource").path("type").asText().equals("prometheus")) {
                    problems.add(where + " does not query a Prometheus data source");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldShowThePipelineFromCheckoutToEmail() {
        Set<String> used = new TreeSet<>();
        MonitoringManifests.panelExpressions(dashboards).values().forEach(expr -> used.addAll(PromQl.metricNames(expr)));
        assertThat(used).containsAll(SHOWN);
    }

    @Test
    void shouldShipTheDashboardInTheProdOverlayLabelledForGrafanasSidecar() {
        for (DeploymentSources.View view : DeploymentSources.views) {
            if (view.overlay().filter("prod"::equals).isEmpty()) {
                continue;
            }
            for (Dashboard dashboard : dashboards) {
                JsonNode map = Manifests.find(view.resources(), "ConfigMap", dashboard.configMap()).orElseThrow(
                        () -> new AssertionError(view + " has no ConfigMap " + dashboard.configMap()));
                assertThat(map.path("metadata").path("labels").path(MonitoringManifests.SIDECAR_LABEL).asText()).isEqualTo("1");
                assertThat(MonitoringManifests.readJson(map.path("data").path(dashboard.key()).asText()))
                        .as("%s in %s", dashboard.key(), view).isEqualTo(dashboard.json());
            }
        }
    }
}
