package dev.orderpipeline.messaging;

import static dev.orderpipeline.support.Management.management;
import static dev.orderpipeline.support.Shop.awaitFinal;
import static dev.orderpipeline.support.Shop.checkout;
import static dev.orderpipeline.support.Shop.count;
import static dev.orderpipeline.support.Shop.newEmail;
import static dev.orderpipeline.support.Shop.newSku;
import static dev.orderpipeline.support.Shop.product;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.orderpipeline.checkout.events.OrderPlaced;
import dev.orderpipeline.localstack.LocalStackControl;
import dev.orderpipeline.notification.events.SendOrderEmail;
import dev.orderpipeline.support.MailBox;
import dev.orderpipeline.support.OutboxTrail;
import dev.orderpipeline.support.PlainClients;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.amqp.AmqpMessage;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;

/** Poison and exhausted messages land in one dead-letter store, consumers keep going, replay applies once. */
@QuarkusTest
@TestProfile(OutboxTrail.class)
class DeadLetterTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Vertx vertx;

    @AfterEach
    void restoreSimulator() {
        admin().contentType(ContentType.JSON).body("{\"failureRate\": null}").put("/api/payment-simulator").then().statusCode(200);
    }

    @Test
    void shouldDeadLetterPoisonKafkaMessagesAndKeepConsuming() throws Exception {
        String garbageId = UUID.randomUUID().toString();
        String unknownTypeId = UUID.randomUUID().toString();
        String noIdKey = "no-id-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = PlainClients.kafkaProducer()) {
            producer.send(record("orders", "k1", garbageId, OrderPlaced.TYPE, new byte[] { (byte) 0xC3, 0x28, 0x00, 0x7F }))
                    .get(30, TimeUnit.SECONDS);
            producer.send(record("orders", "k2", unknownTypeId, "com.example.unknown.v1", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
            producer.send(record("orders", noIdKey, null, OrderPlaced.TYPE, "{}".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }

        JsonPath garbage = awaitDeadLetter("inventory-orders", garbageId);
        assertThat(garbage.getString("reason")).contains("unparseable");
        assertThat(garbage.getString("exceptionClass")).endsWith("PermanentMessageException");
        assertThat(garbage.getString("payloadBase64")).isEqualTo("wygAfw==");
        assertThat(garbage.getString("destination")).isEqualTo("orders");
        assertThat(garbage.getString("headers.'dead-letter-offset'")).isNotNull();
        assertThat(awaitDeadLetter("inventory-orders", unknownTypeId).getString("reason")).contains("unknown message type");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(admin()
                .queryParam("destination", "orders").queryParam("size", 500).get("/api/dead-letters").then().statusCode(200)
                .extract().jsonPath().getList("items.findAll { it.key == '" + noIdKey + "' }.reason", String.class))
                .containsExactly("missing CloudEvents id"));

        String sku = newSku();
        product(dataSource, sku, "2.00", 5);
        assertThat(awaitFinal(checkout(newEmail(), sku, 1))).isEqualTo("CONFIRMED");
    }

    @Test
    void shouldDeadLetterPoisonEmailCommandsAtOnce() {
        String garbageId = UUID.randomUUID().toString();
        String unknownTypeId = UUID.randomUUID().toString();
        sendAmqp(garbageId, SendOrderEmail.TYPE, "not json at all");
        sendAmqp(unknownTypeId, "com.example.unknown.v1", "{}");

        JsonPath garbage = awaitDeadLetter("email-commands", garbageId);
        assertThat(garbage.getString("reason")).contains("unparseable");
        assertThat(garbage.getString("source")).isEqualTo("AMQP");
        assertThat(garbage.getString("payloadText")).isEqualTo("not json at all");
        assertThat(garbage.getInt("attempts")).isEqualTo(1);
        assertThat(awaitDeadLetter("email-commands", unknownTypeId).getString("reason")).contains("unknown message type");
        String marker = "no id " + UUID.randomUUID();
        sendAmqp(null, SendOrderEmail.TYPE, marker);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(admin()
                .queryParam("destination", "email-commands").queryParam("size", 500).get("/api/dead-letters").then().statusCode(200)
                .extract().jsonPath().getList("items.findAll { it.reason == 'missing CloudEvents id' }.id", String.class)
                .stream().map(letter -> admin().get("/api/dead-letters/{id}", letter).then().extract().<String>path("payloadText")))
                .contains(marker));

        String sku = newSku();
        product(dataSource, sku, "2.00", 5);
        String email = newEmail();
        assertThat(awaitFinal(checkout(email, sku, 1))).isEqualTo("CONFIRMED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MailBox.of(email)).hasSize(1));
    }

    @Test
    void shouldCompleteOrdersDespiteTransientPaymentFailures() {
        admin().contentType(ContentType.JSON).body("{\"failureRate\": 0.4}").put("/api/payment-simulator").then().statusCode(200);
        String sku = newSku();
        product(dataSource, sku, "1.00", 40);

        // 20 orders: the chance that none meets a failure (a share of 0.4 per charge) is 0.6^20, below 1 in 10,000.
        List<String> ids = java.util.stream.IntStream.range(0, 20).mapToObj(i -> checkout(newEmail(), sku, 1)).toList();

        assertThat(ids.stream().map(dev.orderpipeline.support.Shop::awaitFinal)).containsOnly("CONFIRMED");
        for (String id : ids) {
            assertThat(count(dataSource, "select count(*) from simulated_provider_charge where idempotency_key = ?", id)).isEqualTo(1);
        }
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("messaging_messages_total\\{[^}]*channel=\"payment-inventory\"[^}]*outcome=\"retried\"[^}]*} [1-9]");
    }

    @Test
    void shouldReplayAKafkaDeadLetterOnceItsCauseIsFixed() {
        String sku = newSku();
        product(dataSource, sku, "3.00", 5);
        admin().contentType(ContentType.JSON).body("{\"failureRate\": 1.0}").put("/api/payment-simulator").then().statusCode(200);
        String id = checkout(newEmail(), sku, 1);

        String deadLetterId = await().atMost(Duration.ofSeconds(60)).until(() -> admin()
                .queryParam("destination", "inventory").queryParam("size", 500).get("/api/dead-letters").then().extract()
                .jsonPath().getString("items.find { it.key == '" + id + "' && it.consumer == 'payment-inventory' }.id"),
                letter -> letter != null);
        assertThat(given().get("/api/orders/{id}", id).then().extract().<String>path("status")).isEqualTo("STOCK_RESERVED");

        admin().contentType(ContentType.JSON).body("{\"failureRate\": 0}").put("/api/payment-simulator").then().statusCode(200);
        admin().post("/api/dead-letters/{id}/replay", deadLetterId).then().statusCode(200)
                .body("status", equalTo("REPLAYED")).body("replayCount", equalTo(1));

        assertThat(awaitFinal(id)).isEqualTo("CONFIRMED");
        assertThat(count(dataSource, "select count(*) from simulated_provider_charge where idempotency_key = ?", id)).isEqualTo(1);
        admin().post("/api/dead-letters/{id}/replay", deadLetterId).then().statusCode(200).body("replayCount", equalTo(2));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                count(dataSource, "select count(*) from payment where order_id = ?::uuid", id) == 1
                        && "REPLAYED".equals(admin().get("/api/dead-letters/{id}", deadLetterId).then().extract().path("status")));
    }

    @Test
    void shouldBulkReplayMatchingDeadLettersInOrder() {
        String sku = newSku();
        product(dataSource, sku, "4.00", 5);
        admin().contentType(ContentType.JSON).body("{\"failureRate\": 1.0}").put("/api/payment-simulator").then().statusCode(200);
        List<String> ids = List.of(checkout(newEmail(), sku, 1), checkout(newEmail(), sku, 1));
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(60)).until(() -> admin().queryParam("destination", "inventory")
                    .queryParam("status", "NEW").queryParam("size", 500).get("/api/dead-letters").then().extract().jsonPath()
                    .getString("items.find { it.key == '" + id + "' && it.consumer == 'payment-inventory' }.id"), found -> found != null);
        }
        admin().contentType(ContentType.JSON).body("{\"failureRate\": 0}").put("/api/payment-simulator").then().statusCode(200);

        admin().contentType(ContentType.JSON)
                .body(Map.of("destination", "inventory", "exceptionClass", TransientFailureException.class.getName(), "limit", 100))
                .post("/api/dead-letters/replay").then().statusCode(200)
                .body("failed", equalTo(0)).body("replayed", org.hamcrest.Matchers.greaterThanOrEqualTo(2));

        for (String id : ids) {
            assertThat(awaitFinal(id)).isEqualTo("CONFIRMED");
            assertThat(count(dataSource, "select count(*) from simulated_provider_charge where idempotency_key = ?", id)).isEqualTo(1);
        }
    }

    @Test
    void shouldDeadLetterEmailsWhileSmtpIsDownAndSendExactlyOneOnReplay() {
        String sku = newSku();
        product(dataSource, sku, "2.50", 5);
        String email = newEmail();
        String deadLetterId;
        LocalStackControl.stop("mail");
        try {
            String id = checkout(email, sku, 1);
            assertThat(awaitFinal(id)).isEqualTo("CONFIRMED");
            String commandId = await().atMost(Duration.ofSeconds(30)).until(() -> emailCommandId(id), found -> found != null);
            JsonPath letter = awaitDeadLetter("email-commands", commandId, Duration.ofSeconds(90));
            assertThat(letter.getInt("attempts")).isGreaterThanOrEqualTo(5);
            assertThat(letter.getString("payloadText")).contains(id);
            deadLetterId = letter.getString("id");
        } finally {
            LocalStackControl.start("mail");
        }

        admin().post("/api/dead-letters/{id}/replay", deadLetterId).then().statusCode(200).body("status", equalTo("REPLAYED"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MailBox.of(email)).hasSize(1));
        admin().post("/api/dead-letters/{id}/replay", deadLetterId).then().statusCode(200).body("replayCount", equalTo(2));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> MailBox.of(email).size() == 1);
    }

    @Test
    void shouldSummariseAndDiscardDeadLetters() {
        String id = UUID.randomUUID().toString();
        sendAmqp(id, "com.example.discard-me.v1", "{}");
        String deadLetterId = awaitDeadLetter("email-commands", id).getString("id");

        admin().post("/api/dead-letters/{id}/discard", deadLetterId).then().statusCode(200).body("status", equalTo("DISCARDED"));
        admin().get("/api/dead-letters/summary").then().statusCode(200)
                .body("find { it.destination == 'email-commands' && it.status == 'DISCARDED' }.count", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        admin().queryParam("status", "bogus").get("/api/dead-letters").then().statusCode(400).contentType("application/problem+json");
        admin().get("/api/dead-letters/{id}", UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void shouldRequireTheAdminRoleForOperations() {
        given().get("/api/dead-letters").then().statusCode(401);
        given().post("/api/dead-letters/replay").then().statusCode(401);
        viewer().get("/api/dead-letters").then().statusCode(403);
        viewer().post("/api/dead-letters/{id}/replay", UUID.randomUUID()).then().statusCode(403);
        viewer().contentType(ContentType.JSON).body(Map.of("name", "X", "price", 1, "stock", 1))
                .put("/api/products/{sku}", newSku()).then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("name", "X", "price", 1, "stock", 1))
                .put("/api/products/{sku}", newSku()).then().statusCode(401);
    }

    private String emailCommandId(String orderId) {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(
                "select id from outbox_message where destination = 'email-commands' and message_key = ?")) {
            statement.setString(1, orderId);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldStoreOddMessagesThatTheDatabaseCannotTakeAsTheyCame() throws Exception {
        String longId = "long-" + "i".repeat(300) + UUID.randomUUID();
        String longKey = "key-" + "k".repeat(400);
        String nulId = UUID.randomUUID().toString();
        try (KafkaProducer<String, byte[]> producer = PlainClients.kafkaProducer()) {
            producer.send(record("orders", longKey, longId, OrderPlaced.TYPE, "{}".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
            ProducerRecord<String, byte[]> nul = record("orders", "k", nulId, OrderPlaced.TYPE, "x\u0000y".getBytes(StandardCharsets.UTF_8));
            nul.headers().add("x-odd", "a\u0000b".getBytes(StandardCharsets.UTF_8));
            producer.send(nul).get(30, TimeUnit.SECONDS);
        }
        String jsonLieId = UUID.randomUUID().toString();
        PlainClients.sendAmqp(vertx, "email-commands", AmqpMessage.create().durable(true).contentType("application/json")
                .applicationProperties(new JsonObject().put("cloudEvents:id", jsonLieId).put("cloudEvents:type", SendOrderEmail.TYPE))
                .withBufferAsBody(Buffer.buffer("{\"orderId\": \"not closed")).build());
        String longAmqpId = "long-" + "a".repeat(300) + UUID.randomUUID();
        sendAmqp(longAmqpId, SendOrderEmail.TYPE, "{}");

        JsonPath tooLong = awaitDeadLetter("inventory-orders", sha256(longId));
        assertThat(tooLong.getString("reason")).contains("longer than 200");
        assertThat(tooLong.getString("key")).isEqualTo(longKey);
        assertThat(tooLong.getString("headers.'dead-letter-original-message-id'")).isEqualTo(longId);
        JsonPath withNul = awaitDeadLetter("inventory-orders", nulId);
        assertThat(withNul.getString("payloadText")).isEqualTo("x\u0000y");
        assertThat(withNul.getString("headers.'x-odd'")).isEqualTo("base64:YQBi");
        JsonPath jsonLie = awaitDeadLetter("email-commands", jsonLieId);
        assertThat(jsonLie.getString("reason")).contains("unparseable");
        assertThat(jsonLie.getString("payloadText")).isEqualTo("{\"orderId\": \"not closed");
        assertThat(awaitDeadLetter("email-commands", sha256(longAmqpId)).getString("reason")).contains("longer than 200");

        String sku = newSku();
        product(dataSource, sku, "2.00", 5);
        String email = newEmail();
        assertThat(awaitFinal(checkout(email, sku, 1))).isEqualTo("CONFIRMED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MailBox.of(email)).hasSize(1));
    }

    private static String sha256(String text) throws java.security.NoSuchAlgorithmException {
        return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private JsonPath awaitDeadLetter(String consumer, String messageId) {
        return awaitDeadLetter(consumer, messageId, Duration.ofSeconds(60));
    }

    private JsonPath awaitDeadLetter(String consumer, String messageId, Duration atMost) {
        String id = await().atMost(atMost).until(() -> admin().queryParam("size", 500).get("/api/dead-letters")
                .then().statusCode(200).extract().jsonPath()
                .getString("items.find { it.consumer == '" + consumer + "' && it.messageId == '" + messageId + "' }.id"),
                found -> found != null);
        return admin().get("/api/dead-letters/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "admin");
    }

    private static io.restassured.specification.RequestSpecification viewer() {
        return given().auth().preemptive().basic("viewer", "viewer");
    }

    private static ProducerRecord<String, byte[]> record(String topic, String key, String id, String type, byte[] payload) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, payload);
        if (id != null) {
            record.headers().add("ce_id", id.getBytes(StandardCharsets.UTF_8));
        }
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_source", "/test".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private void sendAmqp(String id, String type, String body) {
        PlainClients.sendAmqp(vertx, "email-commands", AmqpMessage.create().durable(true)
                .applicationProperties(id == null ? new JsonObject().put("cloudEvents:type", type)
                        : new JsonObject().put("cloudEvents:id", id).put("cloudEvents:type", type))
                .withBufferAsBody(Buffer.buffer(body)).build());
    }
}
