package dev.orderpipeline.messaging;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.orderpipeline.messaging.amqp.AmqpDelivery;
import dev.orderpipeline.messaging.amqp.AmqpQueueConsumer.Kind;
import dev.orderpipeline.messaging.amqp.AmqpQueueConsumer.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Histograms with SLO buckets, per consumer, recorded once for each message a consumer is done with (applied,
 * duplicate or dead-lettered): {@code messaging_handling_seconds{consumer}}, the time the consumer spent on it, and
 * {@code messaging_message_age_seconds{consumer}}, its age then, from its CloudEvents time (or, without one, its
 * Kafka record's timestamp). The timers are made once per consumer.
 */
@ApplicationScoped
public class HandlingMetrics {

    /** Time a consumer spent on a message: for a Kafka poll handled as a batch, the whole batch's time. */
    public static final String HANDLING = "messaging_handling";
    /** A message's age when its consumer was done with it. */
    public static final String AGE = "messaging_message_age";

    private static final Duration[] HANDLING_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1) };
    private static final Duration[] AGE_BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1) };

    private final MeterRegistry registry;
    private final Map<String, Meters> consumers = new ConcurrentHashMap<>();

    HandlingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Records the records of one Kafka poll, all done now: each gets the batch's time since {@code startNanos}
     * ({@link System#nanoTime()} when the consumer began on the poll) and its own age.
     */
    public void kafkaBatchDone(String consumer, List<? extends ConsumerRecord<?, ?>> records, long startNanos) {
        Meters meters = meters(consumer);
        long handlingNanos = System.nanoTime() - startNanos;
        long nowMillis = System.currentTimeMillis();
        for (ConsumerRecord<?, ?> record : records) {
            meters.handling.record(handlingNanos, TimeUnit.NANOSECONDS);
            long sentMillis = kafkaTime(record);
            if (sentMillis > 0) {
                meters.age.record(Math.max(0, nowMillis - sentMillis), TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * The AMQP handler {@code handler}, metered as {@code consumer}: a message is recorded when it is done, that is
     * accepted or rejected (dead-lettered); one that goes back for redelivery is recorded on its last delivery.
     */
    public Function<AmqpDelivery, Outcome> amqp(String consumer, Function<AmqpDelivery, Outcome> handler) {
        Meters meters = meters(consumer);
        return delivery -> {
            long start = System.nanoTime();
            Outcome outcome = handler.apply(delivery);
            if (outcome.kind() == Kind.ACCEPT || outcome.kind() == Kind.REJECT) {
                meters.handling.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                long sentMillis = millis(delivery.properties().get(CloudEvents.AMQP_PREFIX + "time"));
                if (sentMillis > 0) {
                    meters.age.record(Math.max(0, System.currentTimeMillis() - sentMillis), TimeUnit.MILLISECONDS);
                }
            }
            return outcome;
        };
    }

    private Meters meters(String consumer) {
        return consumers.computeIfAbsent(consumer, name -> new Meters(
                Timer.builder(HANDLING).description("Time a consumer spent on a message (a Kafka poll's batch: its whole time)")
                        .tag("consumer", name).serviceLevelObjectives(HANDLING_BUCKETS).register(registry),
                Timer.builder(AGE).description("A message's age when its consumer was done with it, from its CloudEvents time")
                        .tag("consumer", name).serviceLevelObjectives(AGE_BUCKETS).register(registry)));
    }

    /** The record's CloudEvents time, else its timestamp, in epoch milliseconds; 0 when it has neither. */
    private static long kafkaTime(ConsumerRecord<?, ?> record) {
        long cloudEventTime = millis(IncomingEvent.header(record.headers(), CloudEvents.KAFKA_PREFIX + "time"));
        if (cloudEventTime > 0) {
            return cloudEventTime;
        }
        return Math.max(0, record.timestamp());
    }

    private static long millis(Object time) {
        if (time instanceof String text) {
            try {
                return Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException e) {
                return 0;
            }
        }
        return time instanceof Date date ? date.getTime() : 0;
    }

    private record Meters(Timer handling, Timer age) {
    }
}
