package dev.orderpipeline.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

import dev.orderpipeline.config.AppConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * How far each consumer group of this application's enabled Kafka channels is behind: the records on its partitions
 * after its committed offsets (partitions it never committed are not counted), per topic and in all. One reading
 * takes two admin requests for all groups at once and is taken at most once per {@code app.kafka.lag-refresh}.
 * The workers publish it as {@code messaging_consumer_group_lag{group}}, refreshed in the background so a scrape
 * never waits for Kafka (NaN when there has been no reading for four intervals); the operator console reads it
 * on any instance, and a login that may not describe the groups (the api role's in Kubernetes) gets the reason.
 */
@ApplicationScoped
public class ConsumerGroupLag {

    public static final String LAG = "messaging_consumer_group_lag";

    /** One topic of a group: the records its partitions hold beyond the group's committed offsets. */
    public record TopicLag(String topic, long lag) {
    }

    /** One consumer group: its total lag and its topics. */
    public record GroupLag(String group, long lag, List<TopicLag> topics) {
    }

    /** A reading: every group, or why none could be read. */
    public record Reading(Instant readAt, List<GroupLag> groups, String unavailable) {
    }

    private static final Pattern GROUP_ID = Pattern.compile("mp\\.messaging\\.incoming\\.(.+)\\.group\\.id");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, Object> kafkaConfig;
    private final Duration refresh;
    private final boolean workers;
    private final List<String> groups;
    private CompletableFuture<Reading> reading;
    private volatile Reading last;
    private Admin admin;

    ConsumerGroupLag(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, AppConfig appConfig,
            Config config) {
        this.kafkaConfig = kafkaConfig;
        this.refresh = appConfig.kafka().lagRefresh();
        this.workers = appConfig.role().workers();
        this.groups = groups(appConfig.kafka(), config);
    }

    void registerGauges(@Observes StartupEvent event, MeterRegistry registry) {
        if (!workers) {
            return;
        }
        for (String group : groups) {
            Gauge.builder(LAG, this, lag -> lag.gauge(group)).tag("group", group)
                    .description("Records after the consumer group's committed offsets, summed over its partitions")
                    .register(registry);
        }
    }

    /** The latest reading; when it is older than the refresh interval, a new one (waiting at most 10 s for it). */
    public Reading read() {
        Reading current = last;
        if (current != null && !stale(current, refresh)) {
            return current;
        }
        try {
            return refreshing().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable(e);
        }
    }

    /** For a scrape: never waits; starts a new reading in the background once the last one is due. */
    private double gauge(String group) {
        Reading current = last;
        if (current == null || stale(current, refresh)) {
            refreshing();
        }
        if (current == null || current.unavailable() != null || stale(current, refresh.multipliedBy(4))) {
            return Double.NaN;
        }
        return current.groups().stream().filter(lag -> lag.group().equals(group)).mapToDouble(GroupLag::lag)
                .findFirst().orElse(Double.NaN);
    }

    private static boolean stale(Reading reading, Duration age) {
        return reading.readAt().plus(age).isBefore(Instant.now());
    }

    /** The reading in progress, or a new one. */
    private synchronized CompletableFuture<Reading> refreshing() {
        if (reading == null) {
            CompletableFuture<Reading> next = new CompletableFuture<>();
            reading = next;
            measure().whenComplete((measured, failure) -> {
                Reading done = failure == null ? measured : unavailable(failure);
                last = done;
                synchronized (this) {
                    reading = null;
                }
                next.complete(done);
            });
        }
        return reading;
    }

    /** Committed offsets of every group, then the end offsets of their partitions. */
    private CompletionStage<Reading> measure() {
        try {
            Admin client = admin();
            Map<String, ListConsumerGroupOffsetsSpec> specs = groups.stream()
                    .collect(Collectors.toMap(Function.identity(), group -> new ListConsumerGroupOffsetsSpec()));
            return client.listConsumerGroupOffsets(specs).all().toCompletionStage().thenCompose(committed -> {
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                committed.values().forEach(offsets -> offsets.forEach((partition, offset) -> {
                    if (offset != null) {
                        partitions.put(partition, OffsetSpec.latest());
                    }
                }));
                CompletionStage<Map<TopicPartition, ListOffsetsResultInfo>> ends = partitions.isEmpty()
                        ? CompletableFuture.completedFuture(Map.of())
                        : client.listOffsets(partitions).all().toCompletionStage();
                return ends.thenApply(endOffsets -> new Reading(Instant.now(), lags(committed, endOffsets), null));
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private List<GroupLag> lags(Map<String, Map<TopicPartition, OffsetAndMetadata>> committed,
            Map<TopicPartition, ListOffsetsResultInfo> ends) {
        List<GroupLag> lags = new ArrayList<>();
        for (String group : groups) {
            Map<String, Long> byTopic = new TreeMap<>();
            committed.getOrDefault(group, Map.of()).forEach((partition, offset) -> {
                ListOffsetsResultInfo end = ends.get(partition);
                if (offset != null && end != null) {
                    byTopic.merge(partition.topic(), Math.max(0, end.offset() - offset.offset()), Long::sum);
                }
            });
            lags.add(new GroupLag(group, byTopic.values().stream().mapToLong(Long::longValue).sum(),
                    byTopic.entrySet().stream().map(topic -> new TopicLag(topic.getKey(), topic.getValue())).toList()));
        }
        return lags;
    }

    private static Reading unavailable(Throwable failure) {
        Throwable cause = failure instanceof ExecutionException || failure instanceof java.util.concurrent.CompletionException
                ? (failure.getCause() == null ? failure : failure.getCause()) : failure;
        Log.debugf("Consumer group lag not read: %s", cause.toString());
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return new Reading(Instant.now(), List.of(), cause.getClass().getSimpleName() + message);
    }

    /** The groups of the pipeline's consumers and of the enabled incoming Kafka channels (the dead-letter store's). */
    static List<String> groups(AppConfig.Kafka settings, Config config) {
        TreeSet<String> groups = new TreeSet<>();
        settings.consumers().values().forEach(consumer -> groups.add(consumer.group()));
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
        return List.copyOf(groups);
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> settings = KafkaClients.settings(kafkaConfig, AdminClientConfig.configNames());
            settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "order-pipeline-lag");
            settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            admin = Admin.create(settings);
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
