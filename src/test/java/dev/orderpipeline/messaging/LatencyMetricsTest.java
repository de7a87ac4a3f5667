package dev.orderpipeline.messaging;

import static dev.orderpipeline.support.Management.management;
import static dev.orderpipeline.support.Shop.awaitFinal;
import static dev.orderpipeline.support.Shop.checkout;
import static dev.orderpipeline.support.Shop.newEmail;
import static dev.orderpipeline.support.Shop.newSku;
import static dev.orderpipeline.support.Shop.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.orderpipeline.catalog.events.ProductUpdated;
import dev.orderpipeline.support.MailBox;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The latency histograms on /q/metrics: an order is timed from checkout to its confirmation email and through each
 * consumer on its way, each message's age counts from its CloudEvents time, and consumer group lag is measured.
 */
@QuarkusTest
class LatencyMetricsTest {

    private static final List<String> ORDER_CONSUMERS = List.of("inventory-orders", "payment-inventory",
            "checkout-inventory", "checkout-payments", "email-commands");

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldTimeAnOrderFromCheckoutToItsConfirmationEmailAndThroughEachConsumer() {
        String sku = newSku();
        product(dataSource, sku, "4.00", 5);
        String before = metrics();
        String email = newEmail();

        assertThat(awaitFinal(checkout(email, sku, 1))).isEqualTo("CONFIRMED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MailBox.of(email)).hasSize(1));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String after = metrics();
            assertThat(grown(before, after, "order_checkout_to_email_seconds_count")).isGreaterThanOrEqualTo(1);
            assertThat(grown(before, after, "email_send_seconds_count", "outcome=\"sent\"")).isGreaterThanOrEqualTo(1);
            for (String consumer : ORDER_CONSUMERS) {
                String label = "consumer=\"" + consumer + "\"";
                assertThat(grown(before, after, "messaging_handling_seconds_count", label)).as(consumer).isGreaterThanOrEqualTo(1);
                assertThat(grown(before, after, "messaging_message_age_seconds_count", label)).as(consumer).isGreaterThanOrEqualTo(1);
            }
            assertThat(value(after, "order_checkout_to_email_seconds_sum")).isPositive();
            assertThat(value(after, "messaging_consumer_group_lag", "group=\"checkout\"")).isNotNaN().isGreaterThanOrEqualTo(0);
        });
    }

    @Test
    void shouldAgeAMessageFromItsCloudEventsTime() throws Exception {
        String consumer = "consumer=\"inventory-catalog\"";
        String before = metrics();
        String sku = newSku();
        String json = "{\"sku\":\"" + sku + "\",\"name\":\"Old " + sku + "\",\"price\":1.50,\"stock\":3,\"version\":1}";
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("catalog", sku, json.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", ProductUpdated.TYPE.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_source", "/test".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_time", Instant.now().minus(Duration.ofHours(2)).toString().getBytes(StandardCharsets.UTF_8));
        send(record);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String after = metrics();
            double older = grown(before, after, "messaging_message_age_seconds_count", consumer)
                    - grown(before, after, "messaging_message_age_seconds_bucket", consumer, "le=\"3600.0\"");
            assertThat(older).as("messages older than an hour when handled").isEqualTo(1);
        });
    }

    private static String metrics() {
        return management().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double grown(String before, String after, String name, String... labels) {
        return value(after, name, labels) - value(before, name, labels);
    }

    /** The sample's value, 0 when there is none yet; an exemplar after the value ({@code # {trace_id=...} ...}) is ignored. */
    private static double value(String metrics, String name, String... labels) {
        return metrics.lines()
                .map(line -> line.contains(" # ") ? line.substring(0, line.indexOf(" # ")) : line)
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(label -> line.substring(0, line.lastIndexOf(' ')).contains(label)))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    private static void send(ProducerRecord<String, byte[]> record) throws Exception {
        String bootstrapServers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }
}
