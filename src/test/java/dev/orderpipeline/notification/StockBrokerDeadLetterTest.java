package dev.orderpipeline.notification;

import static dev.orderpipeline.support.Management.management;
import static dev.orderpipeline.support.Shop.awaitFinal;
import static dev.orderpipeline.support.Shop.checkout;
import static dev.orderpipeline.support.Shop.newEmail;
import static dev.orderpipeline.support.Shop.newSku;
import static dev.orderpipeline.support.Shop.product;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.orderpipeline.localstack.LocalStackControl;
import dev.orderpipeline.localstack.StockArtemis;
import dev.orderpipeline.notification.events.SendOrderEmail;
import dev.orderpipeline.support.MailBox;
import dev.orderpipeline.support.PlainClients;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.amqp.AmqpMessage;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * On an Artemis with nothing but {@code artemis create}'s defaults (dead letters to its own {@code DLQ}, no
 * redelivery delay, ten deliveries), failed email commands still end in the dead-letter store with their reason:
 * the service moves them to its own dead-letter address itself, and none reaches the broker's {@code DLQ}.
 */
@QuarkusTest
@TestProfile(StockBrokerDeadLetterTest.StockBroker.class)
class StockBrokerDeadLetterTest {

    /** The application against a stock Artemis instead of the local stack's configured one. */
    public static class StockBroker implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StockArtemisResource.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // app.outbox.keep-published: the test looks up an email command by its outbox row once it was published
            return Map.of("app.amqp.email-commands-max-deliveries", "5", "app.outbox.keep-published", "true");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Vertx vertx;

    @BeforeEach
    void awaitConsumers() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> management().get("/q/health/ready").then()
                .body("checks.find { it.name == 'AMQP queue consumers' }.status", equalTo("UP")));
    }

    @Test
    void shouldStorePoisonEmailCommandsWithTheirReasonOnAStockBroker() {
        String garbageId = UUID.randomUUID().toString();
        String unknownTypeId = UUID.randomUUID().toString();
        sendAmqp(garbageId, SendOrderEmail.TYPE, "not json at all");
        sendAmqp(unknownTypeId, "com.example.unknown.v1", "{}");

        JsonPath garbage = awaitDeadLetter(garbageId, Duration.ofSeconds(60));
        assertThat(garbage.getString("reason")).contains("unparseable");
        assertThat(garbage.getString("exceptionClass")).endsWith("PermanentMessageException");
        assertThat(garbage.getString("source")).isEqualTo("AMQP");
        assertThat(garbage.getString("destination")).isEqualTo("email-commands");
        assertThat(garbage.getString("payloadText")).isEqualTo("not json at all");
        assertThat(garbage.getInt("attempts")).isEqualTo(1);
        assertThat(awaitDeadLetter(unknownTypeId, Duration.ofSeconds(60)).getString("reason")).contains("unknown message type");
        assertThat(broker().messageCount(StockArtemis.brokerDeadLetterQueue())).isZero();
    }

    @Test
    void shouldStoreAnEmailCommandThatKeepsFailingAfterItsDeliveriesAndReplayItOnce() {
        String sku = newSku();
        product(dataSource, sku, "2.50", 5);
        String email = newEmail();
        String deadLetterId;
        LocalStackControl.stop("mail");
        try {
            String orderId = checkout(email, sku, 1);
            assertThat(awaitFinal(orderId)).isEqualTo("CONFIRMED");
            String commandId = await().atMost(Duration.ofSeconds(30)).until(() -> emailCommandId(orderId), found -> found != null);
            JsonPath letter = awaitDeadLetter(commandId, Duration.ofSeconds(120));
            assertThat(letter.getInt("attempts")).isEqualTo(5);
            assertThat(letter.getString("exceptionClass")).isNotBlank();
            assertThat(letter.getString("reason")).isNotBlank().isNotEqualTo("moved to the dead-letter address by the broker");
            assertThat(letter.getString("payloadText")).contains(orderId);
            deadLetterId = letter.getString("id");
        } finally {
            LocalStackControl.start("mail");
        }
        assertThat(broker().messageCount(StockArtemis.brokerDeadLetterQueue())).isZero();
        assertThat(broker().messageCount("email-commands")).isZero();

        admin().post("/api/dead-letters/{id}/replay", deadLetterId).then().statusCode(200).body("status", equalTo("REPLAYED"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MailBox.of(email)).hasSize(1));
        admin().post("/api/dead-letters/{id}/replay", deadLetterId).then().statusCode(200).body("replayCount", equalTo(2));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> MailBox.of(email).size() == 1);
        assertThat(admin().queryParam("size", 500).get("/api/dead-letters").then().statusCode(200).extract().jsonPath()
                .getList("items.findAll { it.messageId == '" + letter(deadLetterId).getString("messageId") + "' }"))
                .hasSize(1);
    }

    private static StockArtemis broker() {
        return StockArtemisResource.broker();
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

    private JsonPath awaitDeadLetter(String messageId, Duration atMost) {
        String id = await().atMost(atMost).until(() -> admin().queryParam("size", 500).get("/api/dead-letters")
                .then().statusCode(200).extract().jsonPath()
                .getString("items.find { it.consumer == 'email-commands' && it.messageId == '" + messageId + "' }.id"),
                found -> found != null);
        return letter(id);
    }

    private static JsonPath letter(String id) {
        return admin().get("/api/dead-letters/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    private static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "admin");
    }

    private void sendAmqp(String id, String type, String body) {
        PlainClients.sendAmqp(vertx, "email-commands", AmqpMessage.create().durable(true)
                .applicationProperties(new JsonObject().put("cloudEvents:id", id).put("cloudEvents:type", type))
                .withBufferAsBody(Buffer.buffer(body)).build());
    }
}
