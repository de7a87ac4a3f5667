package dev.orderpipeline.messaging;

import static dev.orderpipeline.support.Shop.count;
import static dev.orderpipeline.support.Shop.newSku;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Kafka consumers take a poll's records as one batch in one transaction, an inbox row per message: duplicates within
 * and across batches are skipped, and one poison message is dead-lettered alone while the rest of its batch applies.
 * Each test sends its records as one producer batch to one partition of the catalog topic, so that the consumer
 * fetches them together.
 */
@QuarkusTest
class BatchConsumptionTest {

    private static final String CONSUMER = "inventory-catalog";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldApplyABatchInOneTransactionAndSkipDuplicatesWithinAndAcrossBatches() throws Exception {
        String first = newSku();
        String second = newSku();
        String third = newSku();
        String firstId = UUID.randomUUID().toString();
        String secondId = UUID.randomUUID().toString();

        sendTogether(List.of(
                product(firstId, first, 5, 1),
                product(secondId, second, 6, 1),
                product(firstId, first, 50, 2)));

        await().atMost(Duration.ofSeconds(60)).until(() -> available(first) == 5 && available(second) == 6);
        assertThat(count(dataSource, "select count(distinct processed_at) from processed_message where consumer = ? and message_id in (?, ?)",
                CONSUMER, firstId, secondId)).as("one transaction for the batch").isEqualTo(1);

        String thirdId = UUID.randomUUID().toString();
        sendTogether(List.of(
                product(firstId, first, 70, 3),
                product(thirdId, third, 7, 1)));

        await().atMost(Duration.ofSeconds(60)).until(() -> available(third) == 7);
        assertThat(available(first)).as("a redelivered id applies nothing, in its batch or a later one").isEqualTo(5);
        assertThat(count(dataSource, "select count(*) from processed_message where consumer = ? and message_id in (?, ?, ?)",
                CONSUMER, firstId, secondId, thirdId)).isEqualTo(3);
    }

    @Test
    void shouldDeadLetterOnlyThePoisonMessageOfABatchAndApplyTheRest() throws Exception {
        String before = newSku();
        String after = newSku();
        String beforeId = UUID.randomUUID().toString();
        String poisonId = UUID.randomUUID().toString();
        String afterId = UUID.randomUUID().toString();
        String laterId = UUID.randomUUID().toString();
        ProducerRecord<String, byte[]> poison = record(poisonId, before, ProductUpdated.TYPE, "{\"sku\": ".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, byte[]> withoutId = record(null, after, ProductUpdated.TYPE, "{}".getBytes(StandardCharsets.UTF_8));

        sendTogether(List.of(
                product(beforeId, before, 3, 1),
                poison,
                withoutId,
                product(afterId, after, 4, 1),
                product(laterId, before, 9, 2)));

        await().atMost(Duration.ofSeconds(60)).until(() -> available(before) == 9 && available(after) == 4);
        JsonPath letter = awaitDeadLetter(poisonId);
        assertThat(letter.getString("reason")).contains("unparseable");
        assertThat(letter.getString("destination")).isEqualTo("catalog");
        assertThat(letter.getInt("attempts")).isEqualTo(1);
        assertThat(letter.getString("headers.'dead-letter-consumer'")).isEqualTo(CONSUMER);
        assertThat(letter.getString("headers.'dead-letter-attempts'")).isEqualTo("1");
        assertThat(letter.getString("headers.'dead-letter-permanent'")).isEqualTo("true");
        assertThat(letter.getString("headers.'dead-letter-first-failure'")).isNotNull();
        assertThat(letter.getString("headers.'dead-letter-partition'")).isEqualTo("0");
        assertThat(letter.getString("headers.'dead-letter-offset'")).isNotNull();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(deadLetters()
                .getList("items.findAll { it.consumer == '" + CONSUMER + "' && it.key == '" + after + "' }.reason", String.class))
                .containsExactly("missing CloudEvents id"));
        assertThat(deadLetters().getList("items.findAll { it.consumer == '" + CONSUMER + "' }.messageId", String.class))
                .doesNotContain(beforeId, afterId, laterId);
        assertThat(count(dataSource, "select count(*) from processed_message where consumer = ? and message_id in (?, ?, ?, ?)",
                CONSUMER, beforeId, poisonId, afterId, laterId)).as("the poison message is not in the inbox").isEqualTo(3);
    }

    private ProducerRecord<String, byte[]> product(String id, String sku, int stock, long version) {
        String json = "{\"sku\":\"" + sku + "\",\"name\":\"Batch " + sku + "\",\"price\":1.50,\"stock\":" + stock
                + ",\"version\":" + version + "}";
        return record(id, sku, ProductUpdated.TYPE, json.getBytes(StandardCharsets.UTF_8));
    }

    private static ProducerRecord<String, byte[]> record(String id, String key, String type, byte[] payload) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("catalog", 0, key, payload);
        record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        if (id != null) {
            record.headers().add("ce_id", id.getBytes(StandardCharsets.UTF_8));
        }
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_source", "/test".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** One producer batch on one partition: the broker stores it as one record batch, and a fetch returns it whole. */
    private static void sendTogether(List<ProducerRecord<String, byte[]>> records) throws Exception {
        String bootstrapServers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 1000, ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20), new StringSerializer(),
                new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sent = records.stream().<java.util.concurrent.Future<?>>map(producer::send).toList();
            producer.flush();
            for (java.util.concurrent.Future<?> one : sent) {
                one.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private int available(String sku) {
        return (int) count(dataSource, "select coalesce(max(available), -1) from inventory_item where sku = ?", sku);
    }

    private JsonPath awaitDeadLetter(String messageId) {
        String id = await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters()
                .getString("items.find { it.consumer == '" + CONSUMER + "' && it.messageId == '" + messageId + "' }.id"),
                found -> found != null);
        return given().auth().preemptive().basic("admin", "admin").get("/api/dead-letters/{id}", id).then().statusCode(200)
                .extract().jsonPath();
    }

    private static JsonPath deadLetters() {
        return given().auth().preemptive().basic("admin", "admin").queryParam("destination", "catalog").queryParam("size", 500)
                .get("/api/dead-letters").then().statusCode(200).extract().jsonPath();
    }
}
