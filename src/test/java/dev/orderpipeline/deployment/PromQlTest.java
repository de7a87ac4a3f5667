package dev.orderpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The PromQL reader finds the metric names, and only them, in the shapes the rules and dashboards use. */
class PromQlTest {

    @Test
    void shouldFindMetricNamesButNotFunctionsLabelsKeywordsOrVariables() {
        assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (consumer, le) "
                + "(rate(messaging_handling_seconds_bucket{namespace=~\"$namespace\", consumer!=\"x{y}\"}[$__rate_interval])))"))
                .containsExactly("messaging_handling_seconds_bucket");
        assertThat(PromQl.metricNames("sum(rate(http_server_requests_seconds_count{status=~\"5..\"}[5m])) "
                + "/ sum(rate(http_server_requests_seconds_count[5m])) > 0.05"))
                .containsExactly("http_server_requests_seconds_count");
        assertThat(PromQl.metricNames("max(delta(dead_letters{status=\"NEW\"}[15m])) > 0 and on (pod) up offset 5m"))
                .containsExactly("dead_letters", "up");
        assertThat(PromQl.metricNames("sum without (instance) (a_total) / ignoring (job) group_left (team) b * on() bool c"))
                .containsExactly("a_total", "b", "c");
        assertThat(PromQl.metricNames("max by (group) (messaging_consumer_group_lag) > 1e3"))
                .containsExactly("messaging_consumer_group_lag");
        assertThat(PromQl.metricNames("label_replace(orders_stuck, \"dst\", \"$1 (x) y\", \"src\", \"(.*)\") or vector(0)"))
                .containsExactly("orders_stuck");
        assertThat(PromQl.metricNames("sum(x:recorded:rate5m) by (le)")).containsExactly("x:recorded:rate5m");
    }

    @Test
    void shouldStripHistogramSuffixesOnlyWhereTheFamilyIsAHistogram() {
        MetricsExposition exposition = new MetricsExposition(Map.of("h_seconds", "histogram", "s_seconds", "summary",
                "c", "counter", "g", "gauge", "g_count", "gauge"));
        assertThat(exposition.exposes("h_seconds_bucket")).isTrue();
        assertThat(exposition.exposes("h_seconds_count")).isTrue();
        assertThat(exposition.exposes("h_seconds")).isFalse();
        assertThat(exposition.exposes("s_seconds_count")).isTrue();
        assertThat(exposition.exposes("s_seconds_bucket")).isFalse();
        assertThat(exposition.exposes("c_total")).isTrue();
        assertThat(exposition.exposes("c")).isFalse();
        assertThat(exposition.exposes("g")).isTrue();
        assertThat(exposition.exposes("g_bucket")).isFalse();
        assertThat(exposition.exposes("g_count")).isTrue();
        assertThat(exposition.family("g_count")).isEqualTo("g_count");
        assertThat(exposition.exposes("missing_total")).isFalse();
    }
}
