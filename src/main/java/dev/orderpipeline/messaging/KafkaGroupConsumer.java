package dev.orderpipeline.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.quarkus.logging.Log;

/**
 * One consumer group's Kafka consumer and the one thread that polls it and handles what it returns, topic by topic,
 * each topic's records as one batch of the consumer that reads it ({@link KafkaInbound}). No record is handed to
 * another thread. Offsets are committed for handled batches only, at most every commit interval, when the consumer
 * goes idle, before its partitions are revoked, and when it closes; what was handled but not yet committed when the
 * process dies is delivered again and skipped by the inbox.
 */
final class KafkaGroupConsumer implements Runnable {

    /** After a poll or batch failed (the broker gone, a dead letter not written): the pause before trying again. */
    private static final Duration BACKOFF = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    /** What one topic's records are for: a consumer name, its handlers and its dead-letter topic. */
    record Route(String consumer, String topic, String deadLetterTopic, EventHandlers handlers) {
    }

    private final String group;
    private final Map<String, Route> routes;
    private final Map<String, Object> clientSettings;
    private final KafkaInbound inbound;
    private final long commitIntervalNanos;
    private final PendingOffsets pending = new PendingOffsets();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile KafkaConsumer<String, byte[]> consumer;
    private long lastCommitNanos = System.nanoTime();
    private volatile boolean running = true;
    private volatile boolean failed;
    private volatile String lastError;
    private volatile int assignedPartitions;
    private volatile Thread thread;

    KafkaGroupConsumer(String group, List<Route> routes, Map<String, Object> kafkaSettings, KafkaInbound inbound,
            Duration commitInterval) {
        this.group = group;
        this.routes = new HashMap<>();
        routes.forEach(route -> this.routes.put(route.topic(), route));
        this.inbound = inbound;
        this.commitIntervalNanos = commitInterval.toNanos();
        Map<String, Object> settings = new HashMap<>(kafkaSettings);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "order-pipeline-" + group);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The broker answers a fetch as soon as a record arrives: this only bounds an empty one (500 ms by default),
        // so an idle consumer wakes less often at no cost in latency.
        settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5000);
        // The heartbeat thread wakes this often between heartbeats (100 ms by default); it also paces re-finding
        // the group coordinator after an outage.
        settings.put(ConsumerConfig.RETRY_BACKOFF_MS_CONFIG, 1000);
        this.clientSettings = settings;
    }

    String group() {
        return group;
    }

    Collection<Route> routes() {
        return routes.values();
    }

    void start() {
        Thread started = new Thread(this, "kafka-consumer-" + group);
        started.setDaemon(true);
        thread = started;
        started.start();
    }

    /** Whether the consumer has a connection to a broker (false before its first poll, and while none is reachable). */
    boolean connected() {
        KafkaConsumer<String, byte[]> current = consumer;
        if (current == null || failed) {
            return false;
        }
        try {
            for (Map.Entry<org.apache.kafka.common.MetricName, ? extends Metric> metric : current.metrics().entrySet()) {
                if (metric.getKey().name().equals("connection-count") && metric.getKey().group().equals("consumer-metrics")) {
                    return ((Number) metric.getValue().metricValue()).doubleValue() > 0;
                }
            }
        } catch (RuntimeException e) {
            return false;
        }
        return false;
    }

    /** What health reports of it: connected or not, partitions assigned, and the last error. */
    String state() {
        String state = (connected() ? "connected" : "not connected") + ", " + assignedPartitions + " partition(s)";
        String error = lastError;
        return error == null ? state : state + ", last error: " + error;
    }

    /** Stops taking new records: the batch in hand finishes, then the consumer commits and leaves its group. */
    void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    /** Waits until the consumer has closed, at most until {@code deadlineNanos}; true if it has. */
    boolean awaitClosed(long deadlineNanos) {
        try {
            return closed.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void run() {
        try {
            consumer = new KafkaConsumer<>(clientSettings, new StringDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(routes.keySet(), new CommitBeforeRevoke());
            poll();
        } catch (RuntimeException | Error e) {
            failed = true;
            lastError = e.toString();
            Log.errorf(e, "The Kafka consumer of group %s stopped", group);
        } finally {
            close();
            closed.countDown();
        }
    }

    private void poll() {
        while (running) {
            ConsumerRecords<String, byte[]> records;
            try {
                records = consumer.poll(Duration.ofNanos(commitIntervalNanos));
            } catch (WakeupException e) {
                continue;
            } catch (org.apache.kafka.common.KafkaException e) {
                pauseAfter("poll", e);
                continue;
            }
            if (records.isEmpty()) {
                commit(false);
                continue;
            }
            if (!handle(records)) {
                return;
            }
            if (System.nanoTime() - lastCommitNanos >= commitIntervalNanos) {
                commit(false);
            }
        }
    }

    /** Handles a poll's records topic by topic; false when shutting down left some of them unhandled. */
    private boolean handle(ConsumerRecords<String, byte[]> records) {
        for (String topic : topicsOf(records)) {
            Route route = routes.get(topic);
            List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
            for (TopicPartition partition : records.partitions()) {
                if (partition.topic().equals(topic)) {
                    batch.addAll(records.records(partition));
                }
            }
            try {
                if (!inbound.process(route.consumer(), route.deadLetterTopic(), batch, route.handlers())) {
                    return false;
                }
            } catch (RuntimeException e) {
                // Read again from the batch's first records: the inbox skips what is already applied.
                for (TopicPartition partition : records.partitions()) {
                    if (partition.topic().equals(topic)) {
                        consumer.seek(partition, records.records(partition).get(0).offset());
                    }
                }
                pauseAfter(route.consumer() + " batch", e);
                continue;
            }
            for (TopicPartition partition : records.partitions()) {
                if (partition.topic().equals(topic)) {
                    List<ConsumerRecord<String, byte[]>> partitionRecords = records.records(partition);
                    pending.handled(partition, partitionRecords.get(partitionRecords.size() - 1).offset() + 1);
                }
            }
        }
        lastError = null;
        return true;
    }

    private static List<String> topicsOf(ConsumerRecords<String, byte[]> records) {
        List<String> topics = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            if (!topics.contains(partition.topic())) {
                topics.add(partition.topic());
            }
        }
        return topics;
    }

    private void pauseAfter(String what, RuntimeException e) {
        lastError = e.toString();
        Log.warnf("Kafka consumer group %s: %s failed, trying again in %d ms: %s", group, what, BACKOFF.toMillis(), e.toString());
        try {
            Thread.sleep(BACKOFF.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Commits what was handled: asynchronously while running, synchronously before a revocation or close. A failed
     * asynchronous commit gives its offsets back, so the next commit (at most one interval later, idle or not)
     * carries them.
     */
    private void commit(boolean sync) {
        lastCommitNanos = System.nanoTime();
        if (pending.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = pending.take();
        if (sync) {
            try {
                try {
                    consumer.commitSync(offsets, CLOSE_TIMEOUT);
                } catch (WakeupException e) {
                    // stop() woke the consumer while it was busy: this commit is part of stopping.
                    consumer.commitSync(offsets, CLOSE_TIMEOUT);
                }
                pending.committed(offsets);
            } catch (RuntimeException e) {
                pending.failed(offsets, consumer.assignment());
                Log.warnf("Kafka consumer group %s could not commit; those records are delivered again: %s", group, e.toString());
            }
        } else {
            // The callback runs on this thread, inside a later poll or commit.
            consumer.commitAsync(offsets, (committed, failure) -> {
                if (failure == null) {
                    pending.committed(offsets);
                } else {
                    pending.failed(offsets, consumer.assignment());
                    Log.debugf("Kafka consumer group %s could not commit, trying again with the next commit: %s", group,
                            failure.toString());
                }
            });
        }
    }

    private void close() {
        KafkaConsumer<String, byte[]> current = consumer;
        if (current == null) {
            return;
        }
        commit(true);
        try {
            current.close(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            Log.debugf("Closing the Kafka consumer of group %s failed: %s", group, e.toString());
        }
        assignedPartitions = 0;
    }

    /** Commits the handled offsets of partitions about to be taken away, so their next owner starts after them. */
    private final class CommitBeforeRevoke implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit(true);
            pending.lost(partitions);
            assignedPartitions = consumer.assignment().size() - partitions.size();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assignedPartitions = consumer.assignment().size();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another member owns them already: their handled offsets must not be committed over its progress.
            pending.lost(partitions);
            assignedPartitions = consumer.assignment().size() - partitions.size();
        }
    }
}
