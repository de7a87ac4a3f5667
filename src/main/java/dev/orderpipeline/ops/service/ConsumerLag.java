package dev.orderpipeline.ops.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;

/**
 * How far each of the application's Kafka consumer groups is behind: per group and topic, the end offsets minus the
 * group's committed offsets, read with Kafka's Admin API (the same login as every other client) at most every
 * {@link #REFRESH}. A reading that fails (Kafka away, or a login that may not describe the groups, as the api role's
 * in Kubernetes) says why instead of numbers.
 */
@ApplicationScoped
public class ConsumerLag {

    /** One topic of a group: the records its partitions hold beyond the group's committed offsets. */
    public record TopicLag(String topic, long lag) {
    }

    /** One consumer group: its total lag and its topics, for the partitions it has committed offsets for. */
    public record GroupLag(String group, long lag, List<TopicLag> topics) {
    }

    /** A reading: every group of the application, or why none could be read. */
    public record Reading(Instant readAt, List<GroupLag> groups, String unavailable) {
    }

    static final Duration REFRESH = Duration.ofSeconds(3);
    private static final Duration TIMEOUT = Duration.ofSeconds(4);
    private static final Pattern GROUP_PROPERTY = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.group\\.id");

    private final Map<String, Object> kafkaConfig;
    private final List<String> groups;
    private Admin admin;
    private Reading last;

    ConsumerLag(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, Config config) {
        this.kafkaConfig = kafkaConfig;
        this.groups = groups(config);
    }

    /** The latest reading, read again when older than {@link #REFRESH}. */
    public synchronized Reading read() {
        if (last != null && last.readAt().plus(REFRESH).isAfter(Instant.now())) {
            return last;
        }
        try {
            last = new Reading(Instant.now(), lags(), null);
        } catch (ExecutionException e) {
            last = unavailable(e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            last = unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            last = unavailable(e);
        }
        return last;
    }

    private List<GroupLag> lags() throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = admin().listConsumerGroupOffsets(specs).all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        committed.values().forEach(offsets -> offsets.forEach((partition, offset) -> {
            if (offset != null) {
                partitions.put(partition, OffsetSpec.latest());
            }
        }));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = partitions.isEmpty() ? Map.of()
                : admin().listOffsets(partitions).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        List<GroupLag> lags = new ArrayList<>();
        for (String group : groups) {
            Map<String, Long> byTopic = new TreeMap<>();
            committed.getOrDefault(group, Map.of()).forEach((partition, offset) -> {
                ListOffsetsResult.ListOffsetsResultInfo end = ends.get(partition);
                if (offset != null && end != null) {
                    byTopic.merge(partition.topic(), Math.max(0, end.offset() - offset.offset()), Long::sum);
                }
            });
            lags.add(new GroupLag(group, byTopic.values().stream().mapToLong(Long::longValue).sum(),
                    byTopic.entrySet().stream().map(topic -> new TopicLag(topic.getKey(), topic.getValue())).toList()));
        }
        return lags;
    }

    private Reading unavailable(Throwable failure) {
        Log.debugf("Consumer lag not read: %s", failure.toString());
        String message = failure.getMessage() == null ? "" : ": " + failure.getMessage();
        return new Reading(Instant.now(), List.of(), failure.getClass().getSimpleName() + message);
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> settings = new HashMap<>();
            kafkaConfig.forEach((name, value) -> {
                if (AdminClientConfig.configNames().contains(name) && value != null && !String.valueOf(value).isEmpty()) {
                    settings.put(name, value);
                }
            });
            settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "order-pipeline-ops");
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

    /** The group ids of the application's Kafka consumers, from their channels' configuration. */
    private static List<String> groups(Config config) {
        TreeSet<String> groups = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            Matcher matcher = GROUP_PROPERTY.matcher(name);
            if (matcher.matches()) {
                config.getOptionalValue(name, String.class).ifPresent(groups::add);
            }
        }
        return List.copyOf(groups);
    }
}
