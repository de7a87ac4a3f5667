package dev.orderpipeline.checkout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import dev.orderpipeline.inventory.events.StockReserved;
import dev.orderpipeline.support.PlainClients;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The safety net: an order whose status update was dead-lettered stays in flight; past app.orders.max-in-flight it
 * is counted in orders_stuck and listed, with its dead letters, to administrators only.
 */
@QuarkusTest
class StuckOrdersTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Test
    void shouldCountAndListAnOrderWhoseStatusUpdateWasDeadLettered() throws Exception {
        UUID id = placedAnHourAgo();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(registry.get("orders_stuck").gauge().value()).isGreaterThanOrEqualTo(1));
        // Its stock reservation arrives unreadable: checkout (and payment) dead-letter it, and the order stays PLACED.
        try (KafkaProducer<String, byte[]> producer = PlainClients.kafkaProducer()) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>("inventory", id.toString(),
                    "not json".getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_type", StockReserved.TYPE.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_source", "/test".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().preemptive().basic("admin", "admin")
                .queryParam("size", 500).get("/api/orders/stuck").then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.status", equalTo("PLACED"))
                .body("items.find { it.id == '" + id + "' }.lastStep.status", equalTo("PLACED"))
                .body("items.find { it.id == '" + id + "' }.deadLetters.consumer", hasItem("checkout-inventory")));
        assertThat(given().auth().preemptive().basic("admin", "admin").queryParam("size", 500).get("/api/orders/stuck")
                .then().extract().jsonPath().getLong("items.find { it.id == '" + id + "' }.ageSeconds")).isGreaterThanOrEqualTo(3600);
    }

    @Test
    void shouldCountAnOrderInFlightLongerThanTheBoundOnlyOnceItIsOverdue() throws Exception {
        UUID fresh = insertOrder("now()");
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().auth().preemptive().basic("admin", "admin")
                .queryParam("size", 500).get("/api/orders/stuck").then().statusCode(200)
                .body("items.id", hasItem(fresh.toString())));
        assertThat(registry.get("orders_stuck").gauge().value()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldShowStuckOrdersToAdministratorsOnly() {
        given().get("/api/orders/stuck").then().statusCode(401);
        given().auth().preemptive().basic("viewer", "viewer").get("/api/orders/stuck").then().statusCode(403);
        given().auth().preemptive().basic("admin", "admin").queryParam("size", 0).get("/api/orders/stuck").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("size"));
    }

    private UUID placedAnHourAgo() throws Exception {
        return insertOrder("now() - interval '1 hour'");
    }

    /** An order as checkout writes it, whose OrderPlaced never went out: nothing will move it on. */
    private UUID insertOrder(String createdAt) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement order = connection.prepareStatement("""
                    insert into customer_order (id, customer_email, status, total, created_at, updated_at)
                    values (?, 'stuck@example.com', 'PLACED', 1.00, %s, %s)""".formatted(createdAt, createdAt))) {
                order.setObject(1, id);
                order.executeUpdate();
            }
            try (PreparedStatement step = connection.prepareStatement(
                    "insert into order_history (order_id, status, detail, at) values (?, 'PLACED', 'checkout accepted', %s)"
                            .formatted(createdAt))) {
                step.setObject(1, id);
                step.executeUpdate();
            }
        }
        return id;
    }
}
