package dev.orderpipeline.messaging;

import static dev.orderpipeline.support.Management.management;
import static dev.orderpipeline.support.Shop.awaitFinal;
import static dev.orderpipeline.support.Shop.checkout;
import static dev.orderpipeline.support.Shop.newEmail;
import static dev.orderpipeline.support.Shop.newSku;
import static dev.orderpipeline.support.Shop.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.orderpipeline.localstack.LocalStackControl;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The outbox check goes DOWN only when a message waits longer than the bound, and UP again once it is published. */
@QuarkusTest
@TestProfile(OutboxLagReadinessTest.ShortLag.class)
class OutboxLagReadinessTest {

    /** A bound short enough to cross while Kafka is stopped. */
    public static class ShortLag implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("app.outbox.max-lag", "3S");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldReportTheOutboxDownWhileItsOldestMessageWaitsTooLong() {
        String sku = newSku();
        product(dataSource, sku, "3.00", 5);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> management().get("/q/health/ready").then()
                .body("checks.find { it.name == 'Outbox relay' }.status", equalTo("UP")));

        LocalStackControl.stop("kafka");
        String orderId;
        try {
            orderId = checkout(newEmail(), sku, 1);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> management().get("/q/health/ready").then()
                    .statusCode(503)
                    .body("checks.find { it.name == 'Outbox relay' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'Outbox relay' }.data.reason", org.hamcrest.Matchers.containsString("older than")));
        } finally {
            LocalStackControl.start("kafka");
        }

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> management().get("/q/health/ready").then()
                .body("checks.find { it.name == 'Outbox relay' }.status", equalTo("UP")));
        assertThat(awaitFinal(orderId)).isEqualTo("CONFIRMED");
    }
}
