package dev.orderpipeline.platform;

import static dev.orderpipeline.support.Management.management;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.orderpipeline.notification.service.OutgoingEmail;
import dev.orderpipeline.notification.service.SmtpSender;
import dev.orderpipeline.support.MailBox;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.mutiny.amqp.AmqpClient;
import io.vertx.mutiny.amqp.AmqpConnection;
import io.vertx.mutiny.amqp.AmqpMessage;
import io.vertx.mutiny.core.Vertx;

/** Proves, through the application's own configuration, that each real server of the stack answers. */
@QuarkusTest
class LocalStackSmokeTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "amqp-host")
    String amqpHost;

    @ConfigProperty(name = "amqp-port")
    int amqpPort;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SmtpSender smtp;

    @Inject
    Vertx vertx;

    @Test
    void shouldRoundTripARecordThroughKafka() {
        String topic = "smoke-" + UUID.randomUUID();
        String value = "hello-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "smoke",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> received = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    received.add(record.value());
                }
                return received.contains(value);
            });
        }
    }

    @Test
    void shouldRoundTripAMessageThroughAmqp() {
        String address = "smoke-" + UUID.randomUUID();
        String body = "hello-" + UUID.randomUUID();
        AmqpClient client = AmqpClient.create(vertx, new AmqpClientOptions().setHost(amqpHost).setPort(amqpPort));
        try {
            AmqpConnection connection = client.connectAndAwait();
            var receiver = connection.createReceiverAndAwait(address);
            List<String> received = new CopyOnWriteArrayList<>();
            receiver.handler(message -> received.add(message.bodyAsString()));
            connection.createSenderAndAwait(address)
                    .sendWithAckAndAwait(AmqpMessage.create().withBody(body).durable(true).build());
            await().atMost(Duration.ofSeconds(30)).until(() -> received.contains(body));
        } finally {
            client.closeAndAwait();
        }
    }

    @Test
    void shouldWriteAndReadTheDatabase() throws Exception {
        String messageId = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into processed_message (consumer, message_id) values ('smoke', ?)")) {
                insert.setString(1, messageId);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "select count(*) from processed_message where consumer = 'smoke' and message_id = ?")) {
                select.setString(1, messageId);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    assertThat(rows.getInt(1)).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void shouldDeliverAnEmailToTheSmtpServer() {
        String recipient = "smoke-" + UUID.randomUUID() + "@example.com";
        String subject = "Smoke " + UUID.randomUUID();
        String messageId = "<smoke-" + UUID.randomUUID() + "@order-pipeline>";
        smtp.send(new OutgoingEmail(messageId, recipient, subject, "body"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MailBox.of(recipient))
                .extracting(MailBox.Mail::subject, MailBox.Mail::messageId).containsExactly(tuple(subject, messageId)));
    }

    @Test
    void shouldReportReady() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                management().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
        management().get("/q/health/live").then().statusCode(200);
        management().get("/q/health/started").then().statusCode(200);
    }
}
