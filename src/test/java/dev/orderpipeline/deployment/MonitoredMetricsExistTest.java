package dev.orderpipeline.deployment;

import static dev.orderpipeline.support.Management.management;
import static dev.orderpipeline.support.Shop.awaitFinal;
import static dev.orderpipeline.support.Shop.checkout;
import static dev.orderpipeline.support.Shop.newEmail;
import static dev.orderpipeline.support.Shop.newSku;
import static dev.orderpipeline.support.Shop.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.orderpipeline.support.MailBox;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every metric the alerts and the dashboard query exists on the running application's /q/metrics (management port)
 * once an order has gone through the whole pipeline: a renamed or missing metric fails here, not silently in Grafana.
 */
@QuarkusTest
class MonitoredMetricsExistTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldExposeEveryMetricTheAlertsAndTheDashboardQuery() {
        Map<String, String> expressions = MonitoringManifests.allExpressions(DeploymentSources.DEPLOYMENT);
        Map<String, Set<String>> usedBy = new TreeMap<>();
        expressions.forEach((where, expr) -> PromQl.metricNames(expr).forEach(name ->
                usedBy.computeIfAbsent(name, ignored -> new TreeSet<>()).add(where)));
        assertThat(usedBy).as("metric names in the rules and dashboards").isNotEmpty();

        String sku = newSku();
        product(dataSource, sku, "12.50", 10);
        String email = newEmail();
        assertThat(awaitFinal(checkout(email, sku, 1))).isEqualTo("CONFIRMED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MailBox.of(email)).hasSize(1));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            MetricsExposition exposition = MetricsExposition.parse(
                    management().get("/q/metrics").then().statusCode(200).extract().asString());
            Map<String, Set<String>> missing = new TreeMap<>(usedBy);
            missing.keySet().removeIf(exposition::exposes);
            assertThat(missing).as("metric names queried but not on /q/metrics (name = where it is used)").isEmpty();
        });
    }
}
