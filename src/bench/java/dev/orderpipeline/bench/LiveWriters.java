package dev.orderpipeline.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Writers of the live relay phase: JDBC connections each committing one outbox row per transaction (autocommit),
 * rows shaped as {@link RelayBench#INSERT} writes them, every commit reported to a {@link LagMeter}. Closed loop (each
 * writer inserts again as soon as its commit returns) or a fixed rate on an {@link OpenLoopSchedule}. With an
 * {@link Announcer} they announce their commits as an application instance does; without one (no relay running),
 * they only write.
 */
final class LiveWriters implements AutoCloseable {

    /** What the writers did: commits between start and end, and how late the open loop's writers got at worst. */
    record Outcome(long startNanos, long endNanos, long commits, double maxScheduleLagMillis) {

        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }

        double commitsPerSecond() {
            return commits / seconds();
        }
    }

    /** The rows of a phase, handed to the writers in order. */
    private interface Rows {
        /** The row number to write next, waiting for its turn; negative when the phase is over. */
        long next();
    }

    private final List<Connection> connections;
    private final Timeline timeline;
    private final int payloadBytes;
    private final Announcer announcer;

    private LiveWriters(List<Connection> connections, Timeline timeline, int payloadBytes, Announcer announcer) {
        this.connections = connections;
        this.timeline = timeline;
        this.payloadBytes = payloadBytes;
        this.announcer = announcer;
    }

    /**
     * Opens the writers' connections. They stay open until {@link #close}, so that their PostgreSQL backends are still
     * there when a phase's CPU window closes (an ended process's CPU time is gone from /proc).
     */
    static LiveWriters connect(Database database, int writers, Timeline timeline, int payloadBytes, boolean announce)
            throws SQLException {
        List<Connection> connections = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                connections.add(database.connect());
            }
        } catch (SQLException e) {
            for (Connection connection : connections) {
                connection.close();
            }
            throw e;
        }
        return new LiveWriters(connections, timeline, payloadBytes, announce ? new Announcer(database) : null);
    }

    /** Every writer committing rows to {@code topic} back to back for {@code durationNanos}. */
    Outcome closedLoop(String topic, long durationNanos, LagMeter meter) throws Exception {
        long start = System.nanoTime();
        long end = start + durationNanos;
        AtomicLong sequence = new AtomicLong();
        long commits = run(topic, durationNanos, meter, () -> System.nanoTime() < end ? sequence.getAndIncrement() : -1);
        return new Outcome(start, Math.max(end, System.nanoTime()), commits, 0);
    }

    /**
     * Rows to {@code topic} at {@code ratePerSecond} for {@code durationNanos}, the i-th at its intended time, the
     * writers taking the rows in order; writers that fall behind say so in {@link Outcome#maxScheduleLagMillis()}.
     */
    Outcome openLoop(String topic, double ratePerSecond, long durationNanos, LagMeter meter) throws Exception {
        OpenLoopSchedule schedule = new OpenLoopSchedule(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10), ratePerSecond,
                durationNanos);
        long count = schedule.count();
        AtomicLong sequence = new AtomicLong();
        AtomicLong maxLag = new AtomicLong();
        long commits = run(topic, durationNanos, meter, () -> {
            long i = sequence.getAndIncrement();
            if (i >= count) {
                return -1;
            }
            long intended = schedule.intendedNanos(i);
            long now;
            while ((now = System.nanoTime()) < intended) {
                LockSupport.parkNanos(intended - now);
            }
            maxLag.accumulateAndGet(schedule.lagNanos(i, now), Math::max);
            return i;
        });
        return new Outcome(schedule.startNanos(), Math.max(schedule.intendedNanos(count), System.nanoTime()), commits,
                maxLag.get() / 1e6);
    }

    private long run(String topic, long durationNanos, LagMeter meter, Rows rows) throws InterruptedException {
        AtomicLong commits = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (Connection connection : connections) {
            Thread thread = new Thread(() -> {
                try (PreparedStatement insert = connection.prepareStatement(RelayBench.INSERT)) {
                    for (long n = rows.next(); n >= 0 && failure.get() == null; n = rows.next()) {
                        String id = RelayBench.bind(insert, topic, n, payloadBytes).toString();
                        insert.executeUpdate();
                        long committedAt = System.nanoTime();
                        if (announcer != null) {
                            announcer.committed();
                        }
                        meter.committed(id, committedAt);
                        timeline.count(Timeline.LIVE_COMMITS, committedAt, 1);
                        commits.incrementAndGet();
                    }
                } catch (SQLException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-live-writer");
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        long joinDeadline = System.nanoTime() + durationNanos + TimeUnit.SECONDS.toNanos(60);
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime())));
            if (thread.isAlive()) {
                failure.compareAndSet(null, new IllegalStateException("a writer still runs 60 s after the phase"));
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("A live writer failed after " + commits.get() + " commits", failure.get());
        }
        return commits.get();
    }

    @Override
    public void close() throws SQLException {
        if (announcer != null) {
            announcer.close();
        }
        for (Connection connection : connections) {
            connection.close();
        }
    }
}
