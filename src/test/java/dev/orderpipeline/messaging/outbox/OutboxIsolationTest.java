package dev.orderpipeline.messaging.outbox;

import static dev.orderpipeline.support.Shop.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

import dev.orderpipeline.config.AppConfig;
import dev.orderpipeline.messaging.deadletter.DeadLetterService;
import dev.orderpipeline.messaging.health.OutboxHealthCheck;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A row the broker refuses is retried on its own and then parked in the dead-letter store, while the rows around it
 * are published once each; later rows of its key wait behind it; a parked row replays like any dead letter. Rows
 * are written straight into the table, as any writer may.
 */
@QuarkusTest
class OutboxIsolationTest {

    private static final String TYPE = "dev.orderpipeline.test.numbered.v1";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AppConfig config;

    @Inject
    OutboxRelay relay;

    @Inject
    MeterRegistry registry;

    @Inject
    @Readiness
    OutboxHealthCheck health;

    @Inject
    DeadLetterService deadLetters;

    @Test
    void shouldPublishTheOtherRowsOnceAndParkARowTheBrokerRefuses() throws Exception {
        String topic = "isolation-" + UUID.randomUUID();
        UUID oversized = UUID.randomUUID();
        List<UUID> good = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            insert(connection, oversized, topic, "key-big", "{\"n\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}");
            for (int n = 0; n < 20; n++) {
                UUID id = UUID.randomUUID();
                good.add(id);
                insert(connection, id, topic, "key-" + n, "{\"n\": " + n + "}");
            }
            connection.commit();
        }
        relay.wakeUp();

        await().atMost(Duration.ofSeconds(60)).until(() -> count(dataSource,
                "select count(*) from dead_letter where consumer = ? and message_id = ?", OutboxParking.CONSUMER,
                oversized.toString()) == 1);

        assertThat(count(dataSource, "select count(*) from outbox_message where id = ?", oversized))
                .as("a parked row leaves the outbox").isZero();
        assertThat(count(dataSource, "select count(*) from outbox_message where destination = ? and published_at is null",
                topic)).as("every other row published (deleted, or marked with a trail)").isZero();
        assertThat(count(dataSource, """
                select count(*) from dead_letter where message_id = ? and attempts = ? and status = 'NEW'
                and exception_class = 'org.apache.kafka.common.errors.RecordTooLargeException' and destination = ?""",
                oversized.toString(), config.outbox().maxAttempts(), topic)).isEqualTo(1);

        Map<String, Integer> copies = readAll(topic, good.size(), Duration.ofSeconds(3));
        assertThat(copies).as("every acknowledged row was sent exactly once").hasSize(good.size())
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));

        assertThat(registry.get("outbox_parked").gauge().value()).isGreaterThanOrEqualTo(1);
        assertThat(registry.get(OutboxParking.PARKED_METRIC).counter().count()).isGreaterThanOrEqualTo(1);
        assertThat(registry.get(RelayMetrics.LAG).timer().count()).as("each published row's lag").isGreaterThanOrEqualTo(good.size());
        assertThat(registry.get(RelayMetrics.BATCH_SIZE).summary().totalAmount()).isGreaterThanOrEqualTo(good.size() + 1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            HealthCheckResponse response = health.call();
            assertThat(response.getStatus()).as("a parked row is no outage").isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(((Number) response.getData().orElseThrow().get("parked")).longValue()).isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void shouldHoldBackLaterRowsOfAFailingKeyUntilItIsParkedWhileOtherKeysFlow() throws Exception {
        String topic = "isolation-key-" + UUID.randomUUID();
        UUID first = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, first, topic, "held", "{\"n\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}");
        }
        relay.wakeUp();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(dataSource,
                "select count(*) from outbox_message where id = ? and first_failure_at is not null", first) == 1);

        UUID later = UUID.randomUUID();
        UUID otherKey = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            insert(connection, later, topic, "held", "{\"n\": 2}");
            insert(connection, otherKey, topic, "free", "{\"n\": 3}");
            connection.commit();
        }
        relay.wakeUp();

        await().atMost(Duration.ofSeconds(30)).until(() -> published(otherKey));
        if (count(dataSource, "select count(*) from outbox_message where id = ?", first) == 1) {
            assertThat(published(later)).as("a later row of a failing key waits behind it").isFalse();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> published(later));
        assertThat(count(dataSource, "select count(*) from dead_letter where message_id = ?", first.toString())).isEqualTo(1);
    }

    @Test
    void shouldReplayAParkedRowOnceTheBrokerTakesIt() throws Exception {
        String topic = "isolation-replay-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("max.message.bytes", "1000"))))
                    .all().get();
            UUID refused = UUID.randomUUID();
            try (Connection connection = dataSource.getConnection()) {
                insert(connection, refused, topic, "k", "{\"n\": \"" + "x".repeat(5000) + "\"}");
            }
            relay.wakeUp();
            await().atMost(Duration.ofSeconds(60)).until(() -> count(dataSource,
                    "select count(*) from dead_letter where message_id = ? and status = 'NEW'", refused.toString()) == 1);

            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry("max.message.bytes", "1048588"), AlterConfigOp.OpType.SET)))).all().get();
            UUID letter = deadLetterId(refused);
            deadLetters.replay(letter);

            assertThat(readAll(topic, 1, Duration.ofSeconds(1))).containsExactly(Map.entry(refused.toString(), 1));
            assertThat(count(dataSource, "select count(*) from dead_letter where id = ? and status = 'REPLAYED'", letter))
                    .isEqualTo(1);
        }
    }

    private UUID deadLetterId(UUID messageId) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("select id from dead_letter where message_id = ?")) {
            statement.setString(1, messageId.toString());
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getObject(1, UUID.class);
            }
        }
    }

    /** Published: no longer waiting in the outbox (deleted, or marked with a trail), and not parked either. */
    private boolean published(UUID id) {
        return count(dataSource, "select count(*) from outbox_message where id = ? and published_at is null", id) == 0
                && count(dataSource, "select count(*) from dead_letter where message_id = ?", id.toString()) == 0;
    }

    private static void insert(Connection connection, UUID id, String topic, String key, String payload) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into outbox_message (id, lane, transport, destination, message_key, type, source, payload)
                values (?, ?, 'KAFKA', ?, ?, ?, '/test', ?)""")) {
            insert.setObject(1, id);
            insert.setShort(2, (short) Outbox.lane(key));
            insert.setString(3, topic);
            insert.setString(4, key);
            insert.setString(5, TYPE);
            insert.setString(6, payload);
            insert.executeUpdate();
        }
    }

    /** Copies of each CloudEvents id on {@code topic}: reads until {@code expected} ids arrived, then {@code quiet} more. */
    private static Map<String, Integer> readAll(String topic, int expected, Duration quiet) {
        Map<String, Integer> copies = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "isolation-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                poll(consumer, copies);
                return copies.size() >= expected;
            });
            long end = System.nanoTime() + quiet.toNanos();
            while (System.nanoTime() < end) {
                poll(consumer, copies);
            }
        }
        return copies;
    }

    private static void poll(KafkaConsumer<String, String> consumer, Map<String, Integer> copies) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            String id = new String(record.headers().lastHeader("ce_id").value());
            copies.merge(id, 1, Integer::sum);
        }
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
