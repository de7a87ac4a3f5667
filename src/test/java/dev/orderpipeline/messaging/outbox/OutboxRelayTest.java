package dev.orderpipeline.messaging.outbox;

import static dev.orderpipeline.support.Shop.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.orderpipeline.config.AppConfig;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The relay's workers share the lanes: a backlog over many lanes is published completely, each key in order; a
 * commit of outbox rows wakes the relay once, a rollback never. Runs with {@code app.outbox.keep-published=false}:
 * acknowledged rows are deleted, not kept as a trail.
 */
@QuarkusTest
@TestProfile(OutboxRelayTest.FourWorkers.class)
class OutboxRelayTest {

    /** Four relay workers, each taking at most four lanes per batch, deleting what the broker acknowledged. */
    public static class FourWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("app.outbox.workers", "4", "app.outbox.keep-published", "false");
        }
    }

    @Inject
    Outbox outbox;

    @Inject
    AppConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Test
    void shouldWakeTheRelayOnceAfterACommitAndNotAfterARollback() {
        String topic = "relay-wake-" + UUID.randomUUID();
        double before = localWakeUps();

        QuarkusTransaction.requiringNew().run(() -> {
            outbox.add(OutgoingMessage.event(topic, "a", "dev.orderpipeline.test.numbered.v1", "/test", Map.of("n", 1)));
            outbox.add(OutgoingMessage.event(topic, "b", "dev.orderpipeline.test.numbered.v1", "/test", Map.of("n", 2)));
        });
        assertThat(localWakeUps()).as("one wake-up per committed transaction, after the commit").isEqualTo(before + 1);

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            outbox.add(OutgoingMessage.event(topic, "c", "dev.orderpipeline.test.numbered.v1", "/test", Map.of("n", 3)));
            throw new IllegalStateException("roll back");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(localWakeUps()).as("no wake-up for a rollback").isEqualTo(before + 1);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count(dataSource, "select count(*) from outbox_message where destination = ?", topic) == 0);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            List<String> keys = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> keys.add(record.key()));
                return keys.size() >= 2;
            });
            assertThat(keys).as("the committed rows, and not the rolled back one").containsExactlyInAnyOrder("a", "b");
        }
    }

    private double localWakeUps() {
        return registry.counter(OutboxRelay.WAKE_UPS_METRIC, "after", "local-commit").count();
    }

    @Test
    void shouldPublishABacklogOverAllLanesWithEachKeyInOrder() {
        assertThat(config.outbox().workers()).as("several workers share the lanes").isEqualTo(4);
        String topic = "relay-order-" + UUID.randomUUID();
        List<String> keys = new ArrayList<>();
        int[] perLane = new int[Outbox.LANES];
        while (keys.size() < 2 * Outbox.LANES) {
            String key = "key-" + UUID.randomUUID();
            if (perLane[Outbox.lane(key)]++ < 2) {
                keys.add(key);
            }
        }
        int perKey = 40;
        QuarkusTransaction.requiringNew().run(() -> {
            for (int n = 0; n < perKey; n++) {
                for (String key : keys) {
                    outbox.add(OutgoingMessage.event(topic, key, "dev.orderpipeline.test.numbered.v1", "/test", Map.of("n", n)));
                }
            }
        });

        Map<String, List<Integer>> received = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    received.computeIfAbsent(record.key(), ignored -> new ArrayList<>())
                            .add(Integer.parseInt(record.value().replaceAll("\\D", "")));
                }
                return received.values().stream().mapToInt(List::size).sum() >= keys.size() * perKey;
            });
        }

        assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(keys);
        List<Integer> expected = java.util.stream.IntStream.range(0, perKey).boxed().toList();
        received.forEach((key, numbers) -> assertThat(numbers).as(key).isEqualTo(expected));
        assertThat(keys.stream().map(Outbox::lane).distinct().count()).isEqualTo(Outbox.LANES);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count(dataSource, "select count(*) from outbox_message where destination = ?", topic) == 0);
    }

    private static KafkaConsumer<String, String> consumer() {
        String bootstrapServers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "relay-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
    }
}
