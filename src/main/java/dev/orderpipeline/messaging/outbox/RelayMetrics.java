package dev.orderpipeline.messaging.outbox;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The relay's meters: wake-ups by cause, and histograms with SLO buckets of each batch's duration and size and of
 * each published row's lag (its transaction → the broker's acknowledgement).
 */
@ApplicationScoped
public class RelayMetrics {

    /** Commits of outbox rows that woke a relay, by how: {@code after="local-commit"} or {@code "announced-commit"}. */
    public static final String WAKE_UPS = "outbox_relay_wake_ups";
    /** A relay batch: locking lanes, reading rows, sending them, waiting for the acknowledgements, recording them. */
    public static final String BATCH = "outbox_relay_batch";
    /** Rows in a relay batch. */
    public static final String BATCH_SIZE = "outbox_relay_batch_rows";
    /** A published row's age when the broker acknowledged it, from its transaction's start (created_at). */
    public static final String LAG = "outbox_publish_lag";

    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1) };

    private final Counter localWakeUps;
    private final Counter announcedWakeUps;
    private final Timer batch;
    private final DistributionSummary batchSize;
    private final Timer lag;

    RelayMetrics(MeterRegistry registry) {
        this.localWakeUps = registry.counter(WAKE_UPS, "after", "local-commit");
        this.announcedWakeUps = registry.counter(WAKE_UPS, "after", "announced-commit");
        this.batch = Timer.builder(BATCH).description("Outbox relay batch duration")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        this.batchSize = DistributionSummary.builder(BATCH_SIZE).description("Rows per outbox relay batch")
                .serviceLevelObjectives(1, 10, 50, 100, 250, 500, 1000, 2000).register(registry);
        this.lag = Timer.builder(LAG).description("Outbox row written to broker acknowledgement")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    }

    void wokenByLocalCommit() {
        localWakeUps.increment();
    }

    void wokenByAnnouncedCommit() {
        announcedWakeUps.increment();
    }

    void batch(long startNanos, int rows) {
        batch.record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        batchSize.record(rows);
    }

    void published(Instant createdAt, Instant acknowledgedAt) {
        lag.record(Duration.between(createdAt, acknowledgedAt));
    }
}
