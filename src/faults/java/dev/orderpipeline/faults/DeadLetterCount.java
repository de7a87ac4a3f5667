package dev.orderpipeline.faults;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;

import dev.orderpipeline.harness.Jdbc;

/**
 * The dead letters stored since a moment, by consumer and by reason, against those expected per consumer: how many are
 * missing and how many are extra (a consumer not expected counts wholly as extra).
 */
record DeadLetterCount(Map<String, Long> byConsumer, Map<String, Long> byReason, long missing, long extra) {

    private static final String SINCE = "from dead_letter where first_failure_at >= ? or last_failure_at >= ?";

    /**
     * Waits until the store holds the expected total and has not changed for 3 s, or has not changed for 30 s, or the
     * timeout passed; then counts.
     */
    static DeadLetterCount await(Jdbc db, Instant since, Map<String, Long> expected, Duration timeout) throws InterruptedException {
        long expectedTotal = expected.values().stream().mapToLong(Long::longValue).sum();
        Timestamp from = Timestamp.from(since);
        long deadline = System.nanoTime() + timeout.toNanos();
        long previous = -1;
        int stable = 0;
        while (System.nanoTime() < deadline) {
            long stored = db.count("select count(*) " + SINCE, from, from);
            stable = stored == previous ? stable + 1 : 0;
            previous = stored;
            if (stored >= expectedTotal && stable >= 3 || stable >= 30) {
                break;
            }
            Thread.sleep(1000);
        }
        return of(db.grouped("select consumer, count(*) " + SINCE + " group by consumer", from, from),
                db.grouped("select coalesce(reason, '?'), count(*) " + SINCE + " group by 1", from, from), expected);
    }

    static DeadLetterCount of(Map<String, Long> byConsumer, Map<String, Long> byReason, Map<String, Long> expected) {
        long missing = 0;
        long extra = 0;
        for (String consumer : new LinkedHashSet<>(expected.keySet())) {
            long difference = byConsumer.getOrDefault(consumer, 0L) - expected.get(consumer);
            missing += Math.max(0, -difference);
            extra += Math.max(0, difference);
        }
        for (var entry : byConsumer.entrySet()) {
            if (!expected.containsKey(entry.getKey())) {
                extra += entry.getValue();
            }
        }
        return new DeadLetterCount(byConsumer, byReason, missing, extra);
    }

    /** Dead letters whose reason is a missing CloudEvents id. */
    long withoutCloudEventsId() {
        return byReason.entrySet().stream().filter(e -> e.getKey().contains("missing CloudEvents id"))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
