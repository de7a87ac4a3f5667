package dev.orderpipeline.checkout;

import static dev.orderpipeline.support.Shop.awaitFinal;
import static dev.orderpipeline.support.Shop.checkout;
import static dev.orderpipeline.support.Shop.count;
import static dev.orderpipeline.support.Shop.newEmail;
import static dev.orderpipeline.support.Shop.newSku;
import static dev.orderpipeline.support.Shop.product;
import static dev.orderpipeline.support.Shop.stock;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.orderpipeline.localstack.LocalStackControl;
import dev.orderpipeline.support.MailBox;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The whole pipeline on real brokers: checkout to stock, payment, order status and email. */
@QuarkusTest
class CheckoutPipelineTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldConfirmAnOrderAndSendExactlyOneConfirmationEmail() {
        String sku = newSku();
        product(dataSource, sku, "12.50", 10);
        String email = newEmail();

        var response = given().contentType(ContentType.JSON)
                .body(Map.of("customerEmail", email, "items", List.of(Map.of("sku", sku, "quantity", 2))))
                .post("/api/orders").then()
                .statusCode(202)
                .header("Location", containsString("/api/orders/"))
                .body("status", equalTo("PLACED"))
                .extract();
        String id = response.path("id");
        assertThat(response.header("Location")).endsWith("/api/orders/" + id);

        assertThat(awaitFinal(id)).isEqualTo("CONFIRMED");
        assertThat(stock(sku)).isEqualTo(8);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MailBox.of(email)).hasSize(1));
        MailBox.Mail mail = MailBox.of(email).get(0);
        assertThat(mail.subject()).contains(id).contains("confirmed");
        assertThat(mail.body()).contains(id).contains(sku).contains("Total: 25.00").contains("12.50");
        assertThat(mail.messageId()).isEqualTo("<order-" + id + ".confirmation@order-pipeline>");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/orders/{id}", id).then()
                .body("confirmationEmailSentAt", notNullValue())
                .body("total", equalTo(25.0f))
                .body("history.status", equalTo(List.of("PLACED", "STOCK_RESERVED", "CONFIRMED"))));
        assertThat(count(dataSource, "select count(*) from simulated_provider_charge where idempotency_key = ?", id)).isEqualTo(1);
    }

    @Test
    void shouldRejectAnOrderWithoutEnoughStockAndChargeNothing() {
        String sku = newSku();
        product(dataSource, sku, "5.00", 1);
        String email = newEmail();

        String id = checkout(email, sku, 2);

        assertThat(awaitFinal(id)).isEqualTo("REJECTED");
        assertThat(stock(sku)).isEqualTo(1);
        assertThat(count(dataSource, "select count(*) from payment where order_id = ?::uuid", id)).isZero();
        assertThat(count(dataSource, "select count(*) from simulated_provider_charge where idempotency_key = ?", id)).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MailBox.of(email))
                .singleElement().satisfies(mail -> assertThat(mail.subject()).contains("could not be accepted")));
    }

    @Test
    void shouldReleaseTheStockWhenThePaymentIsDeclined() {
        String sku = newSku();
        product(dataSource, sku, "6000.00", 3);
        String email = newEmail();

        String id = checkout(email, sku, 1);

        assertThat(awaitFinal(id)).isEqualTo("PAYMENT_FAILED");
        await().atMost(Duration.ofSeconds(30)).until(() -> stock(sku) == 3);
        assertThat(count(dataSource, "select count(*) from stock_reservation where order_id = ?::uuid and status = 'RELEASED'", id)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MailBox.of(email))
                .singleElement().satisfies(mail -> assertThat(mail.subject()).contains("payment failed")));
    }

    @Test
    void shouldNeverOversellUnderConcurrentCheckouts() throws Exception {
        String sku = newSku();
        product(dataSource, sku, "1.00", 10);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<String>> orders = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            orders.add(pool.submit(() -> checkout(newEmail(), sku, 1)));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> order : orders) {
            ids.add(order.get());
        }
        pool.shutdown();

        List<String> statuses = ids.stream().map(dev.orderpipeline.support.Shop::awaitFinal).toList();

        assertThat(statuses).filteredOn("CONFIRMED"::equals).hasSize(10);
        assertThat(statuses).filteredOn("REJECTED"::equals).hasSize(40);
        assertThat(stock(sku)).isZero();
    }

    @Test
    void shouldAcceptCheckoutsWhileKafkaIsDownAndCompleteThemAfterwards() {
        String sku = newSku();
        product(dataSource, sku, "3.00", 10);
        List<String> ids = new ArrayList<>();

        LocalStackControl.stop("kafka");
        try {
            for (int i = 0; i < 3; i++) {
                ids.add(checkout(newEmail(), sku, 1));
            }
            assertThat(count(dataSource, "select count(*) from outbox_message where published_at is null and message_key = any (?::text[])",
                    "{" + String.join(",", ids) + "}")).isEqualTo(3);
        } finally {
            LocalStackControl.start("kafka");
        }

        for (String id : ids) {
            assertThat(awaitFinal(id)).isEqualTo("CONFIRMED");
        }
        assertThat(stock(sku)).isEqualTo(7);
    }

    @Test
    void shouldCompleteOrdersAcrossADatabaseOutageWithoutDeadLetteringThem() {
        String sku = newSku();
        product(dataSource, sku, "3.00", 10);
        String id = checkout(newEmail(), sku, 1);

        LocalStackControl.stop("postgres");
        try {
            // Longer than the consumers' retry bounds would allow if the outage counted against them.
            await().pollDelay(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(9)).until(() -> true);
        } finally {
            LocalStackControl.start("postgres");
        }

        assertThat(awaitFinal(id)).isEqualTo("CONFIRMED");
        assertThat(count(dataSource, "select count(*) from dead_letter where message_key = ?", id)).isZero();
    }

    @Test
    void shouldReturnTheSameOrderForARetriedIdempotencyKey() {
        String sku = newSku();
        product(dataSource, sku, "2.00", 10);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("customerEmail", newEmail(), "items", List.of(Map.of("sku", sku, "quantity", 1)));

        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/orders").then().statusCode(202).extract().path("id");
        String second = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/api/orders").then().statusCode(202).header("Idempotent-Replayed", "true").extract().path("id");

        assertThat(second).isEqualTo(first);
        assertThat(count(dataSource, "select count(*) from customer_order where idempotency_key = ?", key)).isEqualTo(1);
        given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("customerEmail", newEmail(), "items", List.of(Map.of("sku", sku, "quantity", 2))))
                .post("/api/orders").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));
        assertThat(awaitFinal(first)).isEqualTo("CONFIRMED");
        assertThat(stock(sku)).isEqualTo(9);
    }
}
