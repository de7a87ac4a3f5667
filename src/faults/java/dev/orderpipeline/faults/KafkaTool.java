package dev.orderpipeline.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the suite needs from Kafka itself: consumer lag, offset resets (Admin API), reading topics, a raw producer. */
final class KafkaTool implements AutoCloseable {

    /** One record as the ledger sees it; {@code timestamp} in epoch milliseconds, as the producer set it. */
    record Event(String topic, String key, String id, String type, long timestamp) {
    }

    private final String bootstrapServers;
    private final Admin admin;

    KafkaTool(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        this.admin = Admin.create(props);
    }

    List<String> groups() throws Exception {
        return admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream().map(ConsumerGroupListing::groupId)
                .sorted().toList();
    }

    /** Messages not yet consumed, by consumer group: end offset minus committed offset, summed over partitions. */
    Map<String, Long> lagByGroup() throws Exception {
        Map<String, Long> lag = new TreeMap<>();
        for (String group : groups()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> ends = offsets(committed.keySet(), OffsetSpec.latest());
            long sum = 0;
            for (var entry : committed.entrySet()) {
                if (entry.getValue() != null) {
                    sum += Math.max(0, ends.getOrDefault(entry.getKey(), 0L) - entry.getValue().offset());
                }
            }
            lag.put(group, sum);
        }
        return lag;
    }

    /**
     * The duplicate storm: every consumer group's committed offsets go back to the beginning of their partitions,
     * with Kafka's own Admin API. The groups must be empty (the application stopped). Returns how many records
     * each group will see again.
     */
    Map<String, Long> resetAllGroupsToEarliest(Duration timeout) throws Exception {
        Map<String, Long> redelivered = new TreeMap<>();
        for (String group : groups()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            if (committed.isEmpty()) {
                continue;
            }
            Map<TopicPartition, Long> earliest = offsets(committed.keySet(), OffsetSpec.earliest());
            Map<TopicPartition, OffsetAndMetadata> reset = new HashMap<>();
            long count = 0;
            for (var entry : committed.entrySet()) {
                long start = earliest.getOrDefault(entry.getKey(), 0L);
                reset.put(entry.getKey(), new OffsetAndMetadata(start));
                count += entry.getValue() == null ? 0 : entry.getValue().offset() - start;
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                try {
                    admin.alterConsumerGroupOffsets(group, reset).all().get(30, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException e) {
                    // GroupNotEmptyException / UnknownMemberIdException while a member still has a session
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Could not reset the offsets of group " + group, e.getCause());
                    }
                    Thread.sleep(1000);
                }
            }
            redelivered.put(group, count);
        }
        return redelivered;
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(p -> p, p -> spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    /** Every record of the given topics, from the beginning to the current end, with its key, CloudEvents id/type and time. */
    List<Event> readAll(Set<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            Map<String, List<PartitionInfo>> all = consumer.listTopics(Duration.ofSeconds(30));
            for (String topic : topics) {
                for (PartitionInfo info : all.getOrDefault(topic, List.of())) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topics + " to their end in 2 minutes");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    events.add(new Event(record.topic(), record.key(), header(record, "ce_id"), header(record, "ce_type"),
                            record.timestamp()));
                }
            }
        }
        return events;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    KafkaProducer<String, byte[]> producer() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
