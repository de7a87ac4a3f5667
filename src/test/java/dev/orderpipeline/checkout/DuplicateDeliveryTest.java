package dev.orderpipeline.checkout;

import static dev.orderpipeline.support.Shop.awaitFinal;
import static dev.orderpipeline.support.Shop.checkout;
import static dev.orderpipeline.support.Shop.count;
import static dev.orderpipeline.support.Shop.newEmail;
import static dev.orderpipeline.support.Shop.newSku;
import static dev.orderpipeline.support.Shop.product;
import static dev.orderpipeline.support.Shop.stock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import dev.orderpipeline.notification.events.SendOrderEmail;
import dev.orderpipeline.support.MailBox;
import dev.orderpipeline.support.OutboxTrail;
import dev.orderpipeline.support.PlainClients;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.amqp.AmqpMessage;
import io.vertx.mutiny.core.Vertx;

/** Redelivery never repeats an effect: the same message id, sent again by plain clients, is applied once. */
@QuarkusTest
@TestProfile(OutboxTrail.class)
class DuplicateDeliveryTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Vertx vertx;

    @Test
    void shouldSkipDuplicateKafkaEvents() throws Exception {
        String sku = newSku();
        product(dataSource, sku, "4.00", 10);
        String id = checkout(newEmail(), sku, 3);
        assertThat(awaitFinal(id)).isEqualTo("CONFIRMED");

        try (KafkaProducer<String, byte[]> producer = PlainClients.kafkaProducer()) {
            for (String topic : new String[] { "orders", "inventory" }) {
                ProducerRecord<String, byte[]> original = originalRecord(topic, id);
                producer.send(original).get(30, TimeUnit.SECONDS);
                producer.send(original).get(30, TimeUnit.SECONDS);
            }
        }

        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> stock(sku) == 7
                && count(dataSource, "select count(*) from simulated_provider_charge where idempotency_key = ?", id) == 1
                && count(dataSource, "select count(*) from stock_reservation where order_id = ?::uuid", id) == 1);
    }

    @Test
    void shouldSendOneEmailForADuplicatedAmqpCommand() {
        String email = newEmail();
        UUID orderId = UUID.randomUUID();
        String messageId = UUID.randomUUID().toString();
        SendOrderEmail command = new SendOrderEmail(orderId, SendOrderEmail.Kind.CONFIRMATION, email, java.util.List.of(),
                new java.math.BigDecimal("1.00"), null);
        AmqpMessage message = AmqpMessage.create()
                .id(messageId)
                .durable(true)
                .contentType("application/json")
                .applicationProperties(new JsonObject()
                        .put("cloudEvents:specversion", "1.0")
                        .put("cloudEvents:id", messageId)
                        .put("cloudEvents:type", SendOrderEmail.TYPE)
                        .put("cloudEvents:source", "/test"))
                .withBufferAsBody(io.vertx.mutiny.core.buffer.Buffer.buffer(JsonObject.mapFrom(command).encode()))
                .build();
        PlainClients.sendAmqp(vertx, "email-commands", message, message);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MailBox.of(email)).hasSize(1));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> MailBox.of(email).size() == 1);
    }

    private ProducerRecord<String, byte[]> originalRecord(String topic, String orderId) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement("""
                select id, type, source, payload from outbox_message where destination = ? and message_key = ?
                order by seq limit 1""")) {
            statement.setString(1, topic);
            statement.setString(2, orderId);
            try (ResultSet row = statement.executeQuery()) {
                assertThat(row.next()).isTrue();
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, orderId, row.getString(4).getBytes(StandardCharsets.UTF_8));
                record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
                record.headers().add("ce_id", row.getString(1).getBytes(StandardCharsets.UTF_8));
                record.headers().add("ce_type", row.getString(2).getBytes(StandardCharsets.UTF_8));
                record.headers().add("ce_source", row.getString(3).getBytes(StandardCharsets.UTF_8));
                return record;
            }
        }
    }
}
