package dev.orderpipeline.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The harness's Kafka consumer of the live relay phase: every partition of one topic from its end, each record
 * handed to a {@link LagMeter} with the time its poll returned. No consumer group: nothing to rebalance or commit.
 */
final class LiveConsumer implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final LagMeter meter;
    private final Timeline timeline;
    private final Thread thread;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private LiveConsumer(String bootstrap, String topic, LagMeter meter, Timeline timeline) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-live-" + topic);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
        this.meter = meter;
        this.timeline = timeline;
        this.thread = new Thread(() -> consume(topic), "bench-live-consumer");
        thread.setDaemon(true);
    }

    /** Starts consuming {@code topic} (which must exist) and returns once every partition's end is its position. */
    static LiveConsumer start(String bootstrap, String topic, LagMeter meter, Timeline timeline) throws Exception {
        LiveConsumer live = new LiveConsumer(bootstrap, topic, meter, timeline);
        live.thread.start();
        if (!live.positioned.await(30, TimeUnit.SECONDS)) {
            live.close();
            throw new IllegalStateException("The live consumer did not get the positions of " + topic + " in 30 s");
        }
        live.check();
        return live;
    }

    private void consume(String topic) {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(20)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(partition -> consumer.position(partition, Duration.ofSeconds(20))); // the seek is lazy
            positioned.countDown();
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                long at = System.nanoTime();
                Instant wall = Instant.now();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    meter.received(header(record, "ce_id"), header(record, "ce_time"), at, wall);
                }
                timeline.count(Timeline.RELAYED, at, records.count());
            }
        } catch (WakeupException e) {
            // closing
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        } finally {
            positioned.countDown();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * Waits until every row the writers committed was received, or {@code timeoutNanos} passed; returns when the
     * last one came (or the time it gave up).
     */
    long awaitAll(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (meter.missing() > 0 && System.nanoTime() < deadline) {
            check();
            Thread.sleep(20);
        }
        return System.nanoTime();
    }

    private void check() {
        if (failure.get() != null) {
            throw new IllegalStateException("The live consumer failed", failure.get());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
