package dev.orderpipeline.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.orderpipeline.config.AppConfig;
import io.quarkus.test.junit.QuarkusTest;

/** The pipeline's own Kafka consumers, on the real broker: one per group, each group's dead-letter topics there before any poison message. */
@QuarkusTest
class KafkaConsumersTest {

    @Inject
    KafkaConsumers consumers;

    @Inject
    AppConfig config;

    @Test
    void shouldRunOneConsumerPerGroupForEveryConfiguredConsumer() {
        List<String> groups = config.kafka().consumers().values().stream().map(AppConfig.Kafka.Consumer::group).distinct()
                .sorted().toList();
        assertThat(consumers.groupIds()).containsExactlyInAnyOrderElementsOf(groups);
        assertThat(consumers.states()).containsOnlyKeys(config.kafka().consumers().keySet());
    }

    @Test
    void shouldCreateEveryDeadLetterTopicAtStart() throws Exception {
        String bootstrapServers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            assertThat(topics).containsAll(config.kafka().consumers().values().stream()
                    .map(AppConfig.Kafka.Consumer::deadLetterTopic).toList());
        }
    }
}
