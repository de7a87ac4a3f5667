package dev.orderpipeline.platform;

import static dev.orderpipeline.support.Management.management;
import static dev.orderpipeline.support.Shop.ADMIN;
import static dev.orderpipeline.support.Shop.count;
import static dev.orderpipeline.support.Shop.newSku;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The api role alone: REST endpoints served, no consumer channel opened, readiness independent of brokers and SMTP,
 * and its outbox commits announced to the relays of other instances.
 */
@QuarkusTest
@TestProfile(ApiOnlyRoleTest.ApiOnly.class)
class ApiOnlyRoleTest {

    /** An instance of the api role only. */
    public static class ApiOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // No relay anywhere: a product PUT can only time out waiting for the catalog copies, so not for long.
            return Map.of("app.role.workers.enabled", "false", "app.catalog.propagation-timeout", "1S");
        }
    }

    @Test
    void shouldServeTheApiWithoutOpeningConsumers() {
        given().get("/api/products").then().statusCode(200);
        management().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'SMTP server' }.data.sender", equalTo("not this instance's role"))
                .body("checks.find { it.name == 'Outbox relay' }.data.relay", equalTo("not this instance's role"))
                .body("checks.find { it.name == 'AMQP queue consumers' }.data.consumers", equalTo("not this instance's role"))
                .body("checks.find { it.name == 'Kafka consumers' }.data.consumers", equalTo("not this instance's role"));
        Map<String, Object> channels = management().get("/q/health/ready").then().extract().jsonPath()
                .getMap("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data");
        assertThat(channels == null ? Map.of() : channels).doesNotContainKeys("inventory-orders", "email-commands",
                "outbox-kafka", "outbox-amqp", "dead-letters-kafka");
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldAnnounceOutboxCommitsToRelaysElsewhereAfterCommit() throws Exception {
        assertThat(count(dataSource, "select count(*) from pg_trigger where tgrelid = 'outbox_message'::regclass and not tgisinternal"))
                .as("no trigger makes the writing transaction notify").isZero();
        String sku = newSku();
        try (Connection listener = dataSource.getConnection(); Statement statement = listener.createStatement()) {
            statement.execute("listen outbox");
            // A catalog change commits a ProductUpdated event in the outbox, for the workers' instances to relay.
            given().auth().preemptive().basic(ADMIN, ADMIN).contentType(ContentType.JSON)
                    .body(Map.of("name", "Test " + sku, "price", new BigDecimal("4.00"), "stock", 5))
                    .put("/api/products/{sku}", sku).then().statusCode(202)
                    // Nobody relays here, so no catalog copy can catch up: stored, and said to be pending.
                    .header("Catalog-Propagation", "pending");

            PGNotification announcement = await().atMost(Duration.ofSeconds(30)).until(
                    () -> first(listener.unwrap(PGConnection.class).getNotifications(200)), found -> found != null);
            assertThat(announcement.getName()).isEqualTo("outbox");
            assertThat(management().get("/q/metrics").then().extract().asString())
                    .containsPattern("outbox_relay_wake_ups_total\\{[^}]*after=\"announced-commit\"[^}]*} [1-9]");
            assertThat(count(dataSource, "select count(*) from outbox_message where message_key = ? and published_at is null", sku))
                    .as("this instance relays nothing").isEqualTo(1);
            statement.execute("unlisten outbox");
        }
    }

    private static PGNotification first(PGNotification[] notifications) {
        return notifications == null || notifications.length == 0 ? null : notifications[0];
    }
}
