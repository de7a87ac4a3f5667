package dev.orderpipeline.messaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import dev.orderpipeline.config.AppConfig;

/**
 * Runs every configured Kafka consumer ({@code app.kafka.consumers.<name>}) with the handlers a feature gives it
 * ({@link ConsumerHandlers}), on the workers role only: one Kafka consumer and one thread per consumer group, which
 * reads all of the group's topics. A consumer without handlers, or handlers without a consumer, stop the start-up.
 */
@ApplicationScoped
public class KafkaConsumers {

    private final AppConfig.Kafka settings;
    private final Map<String, Object> kafkaConfig;
    private final KafkaInbound inbound;
    private final Instance<ConsumerHandlers> features;
    private final AppConfig.Role roles;
    private final List<KafkaGroupConsumer> groups = new ArrayList<>();

    KafkaConsumers(AppConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            KafkaInbound inbound, @Any Instance<ConsumerHandlers> features) {
        this.settings = config.kafka();
        this.kafkaConfig = kafkaConfig;
        this.inbound = inbound;
        this.features = features;
        this.roles = config.role();
    }

    void start(@Observes StartupEvent event) {
        if (!roles.workers()) {
            return;
        }
        Map<String, List<KafkaGroupConsumer.Route>> routesByGroup = new TreeMap<>();
        for (Map.Entry<String, EventHandlers> handlers : handlers().entrySet()) {
            AppConfig.Kafka.Consumer consumer = settings.consumers().get(handlers.getKey());
            if (consumer == null) {
                throw new IllegalStateException("Kafka consumer " + handlers.getKey() + " has handlers but no app.kafka.consumers."
                        + handlers.getKey() + ".topic and .group");
            }
            routesByGroup.computeIfAbsent(consumer.group(), group -> new ArrayList<>()).add(new KafkaGroupConsumer.Route(
                    handlers.getKey(), consumer.topic(), consumer.deadLetterTopic(), handlers.getValue()));
        }
        for (String configured : settings.consumers().keySet()) {
            if (!handlers().containsKey(configured)) {
                throw new IllegalStateException("app.kafka.consumers." + configured + " is configured but no feature handles it");
            }
        }
        createDeadLetterTopics(routesByGroup.values().stream().flatMap(List::stream)
                .map(KafkaGroupConsumer.Route::deadLetterTopic).distinct().toList());
        Map<String, Object> clientSettings = KafkaClients.settings(kafkaConfig, ConsumerConfig.configNames());
        routesByGroup.forEach((group, routes) -> {
            List<String> topics = routes.stream().map(KafkaGroupConsumer.Route::topic).toList();
            if (new TreeSet<>(topics).size() != topics.size()) {
                throw new IllegalStateException("Two consumers of group " + group + " read the same topic: " + topics);
            }
            KafkaGroupConsumer consumer = new KafkaGroupConsumer(group, routes, clientSettings, inbound, settings.commitInterval());
            groups.add(consumer);
            consumer.start();
            Log.debugf("Kafka consumer group %s reads %s", group, topics);
        });
    }

    /**
     * Creates the dead-letter topics that do not exist yet, with the broker's default partitions and replication, so
     * that the first poison message does not wait for a topic created under load (a broker that creates topics on
     * first use kept a new dead-letter partition without a leader for minutes during the fault suite's broker fuzz).
     * Where topics are declared (Kubernetes: KafkaTopic resources) they exist already, and an instance that may not
     * create topics leaves them to the broker.
     */
    private void createDeadLetterTopics(List<String> topics) {
        Map<String, Object> settings = KafkaClients.settings(kafkaConfig, AdminClientConfig.configNames());
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "order-pipeline-dead-letter-topics");
        try (Admin admin = Admin.create(settings)) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, Optional.empty(), Optional.empty())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(10, TimeUnit.SECONDS);
                Log.infof("Created the dead-letter topics %s", missing.stream().map(NewTopic::name).toList());
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Log.infof("Dead-letter topics not created here (the broker creates them on first use): %s", e.toString());
        }
    }

    private Map<String, EventHandlers> handlers() {
        Map<String, EventHandlers> all = new LinkedHashMap<>();
        for (ConsumerHandlers feature : features) {
            feature.kafkaHandlers().forEach((consumer, handlers) -> {
                if (all.putIfAbsent(consumer, handlers) != null) {
                    throw new IllegalStateException("Kafka consumer " + consumer + " has handlers twice");
                }
            });
        }
        return all;
    }

    /** Every consumer group this instance runs (none on the api role). */
    public List<String> groupIds() {
        return groups.stream().map(KafkaGroupConsumer::group).toList();
    }

    /** Each consumer's state by consumer name, and whether all of them are connected. */
    public Map<String, String> states() {
        Map<String, String> states = new TreeMap<>();
        for (KafkaGroupConsumer group : groups) {
            String state = group.state();
            group.routes().forEach(route -> states.put(route.consumer(), state));
        }
        return states;
    }

    /** Whether every group's consumer has a connection to a broker. */
    public boolean connected() {
        return groups.stream().allMatch(KafkaGroupConsumer::connected);
    }

    /** Stops every group at once: each finishes its batch in hand (or leaves it to the next owner), commits and leaves. */
    void stop() {
        groups.forEach(KafkaGroupConsumer::stop);
    }

    /** Waits until every group has left, at most until {@code deadlineNanos}. */
    void awaitClosed(long deadlineNanos) {
        for (KafkaGroupConsumer group : groups) {
            if (!group.awaitClosed(deadlineNanos)) {
                Log.warnf("Kafka consumer group %s did not close in time; the JVM exits anyway", group.group());
            }
        }
    }
}
