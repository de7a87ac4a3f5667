package dev.orderpipeline.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.orderpipeline.platform.Roles;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * {@code messaging_consumer_group_lag{group}}: per consumer group of this application's enabled Kafka channels, the
 * records on its partitions after its committed offsets, summed (partitions it never committed are not counted).
 * Measured by the workers only, with two admin requests for all groups at once, at most once per
 * {@code app.kafka.lag-refresh} and in the background: a scrape never waits for Kafka and reads the last
 * measurement, or NaN when there has been none for four refresh intervals.
 */
@ApplicationScoped
public class ConsumerGroupLag {

    public static final String LAG = "messaging_consumer_group_lag";

    private static final Pattern GROUP_ID = Pattern.compile("mp\\.messaging\\.incoming\\.(.+)\\.group\\.id");

    private final Map<String, Object> kafkaConfig;
    private final long refreshMillis;
    private final AtomicBoolean measuring = new AtomicBoolean();
    private volatile Set<String> groups = Set.of();
    private volatile Map<String, Long> lags = Map.of();
    private volatile long requestedAt;
    private volatile long measuredAt;
    private volatile Admin admin;

    ConsumerGroupLag(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "app.kafka.lag-refresh") Duration refresh) {
        this.kafkaConfig = kafkaConfig;
        this.refreshMillis = refresh.toMillis();
    }

    void registerGauges(@Observes StartupEvent event, Roles roles, Config config, MeterRegistry registry) {
        if (!roles.workers()) {
            return;
        }
        groups = groups(config);
        for (String group : groups) {
            Gauge.builder(LAG, this, lag -> lag.lag(group)).tag("group", group)
                    .description("Records after the consumer group's committed offsets, summed over its partitions")
                    .register(registry);
        }
    }

    /** The group ids of the enabled incoming Kafka channels. */
    static Set<String> groups(Config config) {
        Set<String> groups = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            Matcher matcher = GROUP_ID.matcher(name);
            if (matcher.matches()) {
                String channel = "mp.messaging.incoming." + matcher.group(1);
                boolean kafka = config.getOptionalValue(channel + ".connector", String.class).orElse("").equals("smallrye-kafka");
                boolean enabled = config.getOptionalValue(channel + ".enabled", Boolean.class).orElse(true);
                if (kafka && enabled) {
                    config.getOptionalValue(name, String.class).ifPresent(groups::add);
                }
            }
        }
        return groups;
    }

    private double lag(String group) {
        long now = System.currentTimeMillis();
        if (now - requestedAt >= refreshMillis && measuring.compareAndSet(false, true)) {
            requestedAt = now;
            measure();
        }
        Long lag = lags.get(group);
        return lag == null || now - measuredAt > 4 * refreshMillis ? Double.NaN : lag;
    }

    /** Committed offsets of every group, then the end offsets of their partitions; done, in the background. */
    private void measure() {
        try {
            Admin client = admin();
            Map<String, ListConsumerGroupOffsetsSpec> specs = groups.stream()
                    .collect(Collectors.toMap(Function.identity(), group -> new ListConsumerGroupOffsetsSpec()));
            client.listConsumerGroupOffsets(specs).all().whenComplete((committed, failure) -> {
                if (failure != null) {
                    done("committed offsets", failure);
                    return;
                }
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                committed.values().forEach(offsets -> offsets.keySet().forEach(partition ->
                        partitions.put(partition, OffsetSpec.latest())));
                client.listOffsets(partitions).all().whenComplete((ends, endFailure) -> {
                    if (endFailure != null) {
                        done("end offsets", endFailure);
                        return;
                    }
                    lags = committed.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                            entry -> lag(entry.getValue(), ends)));
                    measuredAt = System.currentTimeMillis();
                    measuring.set(false);
                });
            });
        } catch (RuntimeException e) {
            done("admin client", e);
        }
    }

    private static long lag(Map<TopicPartition, OffsetAndMetadata> committed, Map<TopicPartition, ListOffsetsResultInfo> ends) {
        long lag = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
            ListOffsetsResultInfo end = ends.get(entry.getKey());
            if (entry.getValue() != null && end != null) {
                lag += Math.max(0, end.offset() - entry.getValue().offset());
            }
        }
        return lag;
    }

    private void done(String step, Throwable failure) {
        Log.debugf("Consumer group lag not measured (%s): %s", step, failure.toString());
        measuring.set(false);
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>();
            kafkaConfig.forEach((key, value) -> {
                if (AdminClientConfig.configNames().contains(key)) {
                    config.put(key, value);
                }
            });
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "order-pipeline-lag");
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
            admin = Admin.create(config);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
