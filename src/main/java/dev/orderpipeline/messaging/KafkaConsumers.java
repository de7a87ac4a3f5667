package dev.orderpipeline.messaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

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
