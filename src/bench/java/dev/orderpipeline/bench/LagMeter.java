package dev.orderpipeline.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Insert→Kafka lag of the live relay phase: each outbox row's commit, as its writer saw it return, matched by the
 * row's id (the CloudEvents {@code ce_id} header) to the moment the harness's consumer received the record,
 * whichever of the two the meter hears of first. Both instants come from this JVM's {@link System#nanoTime()}.
 *
 * <p>Also, as a cross-check, the lag from the row's {@code created_at} (the {@code ce_time} header: the start of the
 * inserting transaction on PostgreSQL's clock, so it includes the commit itself) to the receiving wall clock.
 */
final class LagMeter {

    /** One side of a row seen so far: when it committed, or when it was received (the other is null). */
    private record Pending(Long committedAt, Long receivedAt) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final Latency fromCommit = new Latency();
    private final Latency fromCreatedAt = new Latency();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong unreadableTimes = new AtomicLong();

    /** A writer's commit of row {@code id} returned at {@code atNanos}. */
    void committed(String id, long atNanos) {
        commits.incrementAndGet();
        pending.compute(id, (key, seen) -> {
            if (seen == null) {
                return new Pending(atNanos, null);
            }
            match(seen.receivedAt() - atNanos);
            return null;
        });
    }

    /**
     * The consumer received the record of row {@code id} at {@code atNanos} (wall clock {@code atWall}); {@code ceTime}
     * is its {@code ce_time} header, or null. A record received again counts as a duplicate, not as a second lag.
     */
    void received(String id, String ceTime, long atNanos, Instant atWall) {
        if (id == null || !received.add(id)) {
            duplicates.incrementAndGet();
            return;
        }
        Instant createdAt = createdAt(ceTime);
        if (createdAt == null) {
            unreadableTimes.incrementAndGet();
        } else {
            fromCreatedAt.recordNanos(Duration.between(createdAt, atWall).toNanos());
        }
        pending.compute(id, (key, seen) -> {
            if (seen == null) {
                return new Pending(null, atNanos);
            }
            match(atNanos - seen.committedAt());
            return null;
        });
    }

    /** The instant of a {@code ce_time} header (ISO-8601, as {@link Instant#toString()} writes it), or null. */
    static Instant createdAt(String ceTime) {
        if (ceTime == null) {
            return null;
        }
        try {
            return Instant.parse(ceTime);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A record can arrive a hair before its writer records the commit's return: that lag counts as 0. */
    private void match(long lagNanos) {
        fromCommit.recordNanos(Math.max(0, lagNanos));
        matched.incrementAndGet();
    }

    long commits() {
        return commits.get();
    }

    /** Rows both committed and received. */
    long matched() {
        return matched.get();
    }

    /** Committed rows not received (yet). */
    long missing() {
        return commits.get() - matched.get();
    }

    /** Records received that no writer of this phase committed (none expected: each phase has its own topic). */
    long unexpected() {
        return received.size() - matched.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long unreadableTimes() {
        return unreadableTimes.get();
    }

    Latency fromCommit() {
        return fromCommit;
    }

    Latency fromCreatedAt() {
        return fromCreatedAt;
    }
}
