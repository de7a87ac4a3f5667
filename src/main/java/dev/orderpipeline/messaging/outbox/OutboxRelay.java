package dev.orderpipeline.messaging.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.orderpipeline.platform.Roles;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Publishes committed outbox rows to their broker, waits for the acknowledgements, then marks them published.
 *
 * <p>Several workers relay at once, in this instance and in others: each batch first takes transaction-scoped
 * advisory locks on at most {@code LANES / workers} lanes that have unpublished rows, starting at a random lane, so
 * a lane (and with it every message of one key) is relayed by one worker at a time, in sequence order, while the
 * other lanes go to the other workers. A commit of outbox rows in this instance wakes one worker, in turn; an
 * instance that does not relay announces its commits instead ({@link OutboxNotifications}), which wakes a worker of
 * every relaying instance; a worker that took its full share wakes the next. Rows nobody announced (another
 * application's, or an announcement lost) are found by polling: soon after a pass that published rows, backing off
 * to {@code app.outbox.poll-interval} while there is nothing.
 */
@ApplicationScoped
public class OutboxRelay {

    /** Commits of outbox rows that woke a relay, by how: {@code after="local-commit"} or {@code "announced-commit"}. */
    public static final String WAKE_UPS_METRIC = "outbox_relay_wake_ups";
    /** Advisory lock namespace of the relay lanes. */
    private static final int LOCK_NAMESPACE = 0x0B0C;
    /** First poll after a pass that published rows; each empty poll doubles the wait, up to the poll interval. */
    private static final long FIRST_IDLE_POLL_MILLIS = 10;
    /** Pause after a batch that was not full before the next one. */
    private static final long GATHER_MILLIS = 5;
    /** How long a shutdown waits for the workers' batches in hand. */
    private static final java.time.Duration STOP_WAIT = java.time.Duration.ofSeconds(3);

    private final AgroalDataSource dataSource;
    private final OutboxPublisher publisher;
    private final OutboxSettings settings;
    private final OutboxNotifications notifications;
    private final Roles roles;
    private final Counter localWakeUps;
    private final Counter announcements;
    private final List<Semaphore> wakeUps = new CopyOnWriteArrayList<>();
    private final List<Thread> workers = new CopyOnWriteArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();
    private volatile boolean running;

    OutboxRelay(AgroalDataSource dataSource, OutboxPublisher publisher, OutboxSettings settings,
            OutboxNotifications notifications, Roles roles, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.publisher = publisher;
        this.settings = settings;
        this.notifications = notifications;
        this.roles = roles;
        this.localWakeUps = registry.counter(WAKE_UPS_METRIC, "after", "local-commit");
        this.announcements = registry.counter(WAKE_UPS_METRIC, "after", "announced-commit");
    }

    void start(@Observes StartupEvent event) {
        if (!roles.workers()) {
            return;
        }
        running = true;
        for (int i = 0; i < settings.workers(); i++) {
            Semaphore wakeUp = new Semaphore(0);
            wakeUps.add(wakeUp);
            int index = i;
            Thread worker = new Thread(() -> loop(index, wakeUp), "outbox-relay-" + i);
            worker.setDaemon(true);
            workers.add(worker);
        }
        notifications.listen(this::wakeUp);
        workers.forEach(Thread::start);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        notifications.close();
        wakeUps.forEach(Semaphore::release);
        // A batch still waiting for acknowledgements after this is abandoned: its transaction rolls back when the
        // pool closes, and its rows, unmarked, are sent again by the next relay (the inboxes absorb repeats).
        long deadline = System.nanoTime() + Math.min(settings.publishTimeout().toNanos(), STOP_WAIT.toNanos());
        for (Thread worker : workers) {
            try {
                worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Outbox rows were committed in this instance: wake a relay worker here, or, if this instance does not relay,
     * announce the commit to the instances that do.
     */
    public void rowsCommitted() {
        if (running) {
            localWakeUps.increment();
            wakeUp();
        } else {
            announcements.increment();
            notifications.announce();
        }
    }

    /**
     * Asks a relay worker to look for new rows now, the workers in turn. A worker that finds more lanes waiting than
     * it may take wakes the next one.
     */
    public void wakeUp() {
        if (!wakeUps.isEmpty()) {
            wakeUps.get(Math.floorMod(turn.getAndIncrement(), wakeUps.size())).release();
        }
    }

    private void loop(int index, Semaphore wakeUp) {
        long backoffMillis = 100;
        long pollMillis = settings.pollInterval().toMillis();
        long idleMillis = pollMillis;
        while (running) {
            try {
                wakeUp.tryAcquire(idleMillis, TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                int published = 0;
                int batch;
                while (running && (batch = relayBatch(index)) > 0) {
                    published += batch; // keep draining while there is a backlog
                    if (batch < settings.batchSize()) {
                        // Rows trickle in: let a few more commits gather, rather than pay a batch's fixed cost per row.
                        Thread.sleep(GATHER_MILLIS);
                    }
                }
                idleMillis = published > 0 ? Math.min(FIRST_IDLE_POLL_MILLIS, pollMillis) : Math.min(idleMillis * 2, pollMillis);
                backoffMillis = 100;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                Log.warnf("Outbox relay batch failed, retrying in %d ms: %s", backoffMillis, e.toString());
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 10_000);
            }
        }
    }

    /** Relays one batch from the lanes worker {@code index} could lock; returns how many rows were published. */
    int relayBatch(int index) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Integer> lanes = lockFreeLanes(connection);
                if (lanes.isEmpty()) {
                    connection.commit();
                    return 0;
                }
                if (lanes.size() == lanesPerBatch() && wakeUps.size() > 1) {
                    // There may be more lanes waiting than this worker's share: the next worker takes them.
                    wakeUps.get((index + 1) % wakeUps.size()).release();
                }
                List<OutboxRow> rows = unpublished(connection, lanes);
                int published = publishAndMark(connection, rows);
                connection.commit();
                return published;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * Locks up to a worker's share of the lanes with unpublished rows, trying them from a random lane on (the lock
     * function is volatile, so PostgreSQL calls it only on the rows it reads, in order, until the limit).
     */
    private List<Integer> lockFreeLanes(Connection connection) throws SQLException {
        List<Integer> lanes = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select lane from (
                    select g.lane from generate_series(0, ?) g (lane)
                    where exists (select 1 from outbox_message m where m.published_at is null and m.lane = g.lane)
                    order by (g.lane + ?) % ?
                ) pending
                where pg_try_advisory_xact_lock(?, lane)
                limit ?""")) {
            statement.setInt(1, Outbox.LANES - 1);
            statement.setInt(2, ThreadLocalRandom.current().nextInt(Outbox.LANES));
            statement.setInt(3, Outbox.LANES);
            statement.setInt(4, LOCK_NAMESPACE);
            statement.setInt(5, lanesPerBatch());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    lanes.add(result.getInt(1));
                }
            }
        }
        return lanes;
    }

    private List<OutboxRow> unpublished(Connection connection, List<Integer> lanes) throws SQLException {
        List<OutboxRow> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select id, transport, destination, message_key, type, source, subject, payload, created_at
                from outbox_message
                where published_at is null and lane = any (?)
                order by seq
                limit ?""")) {
            statement.setArray(1, connection.createArrayOf("smallint", lanes.toArray()));
            statement.setInt(2, settings.batchSize());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new OutboxRow(result.getObject(1, UUID.class), Transport.valueOf(result.getString(2)),
                            result.getString(3), result.getString(4), result.getString(5), result.getString(6),
                            result.getString(7), result.getString(8), result.getTimestamp(9).toInstant()));
                }
            }
        }
        return rows;
    }

    private int publishAndMark(Connection connection, List<OutboxRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Void>> acks = rows.stream().map(OutboxPublisher::toRecord).map(publisher::publish).toList();
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Some were not acknowledged: mark those that were; the rest stay for the next batch.
        }
        List<UUID> published = new ArrayList<>();
        List<OutboxRow> failed = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            CompletableFuture<Void> ack = acks.get(i);
            if (ack.isDone() && !ack.isCompletedExceptionally()) {
                published.add(rows.get(i).id());
            } else {
                failed.add(rows.get(i));
            }
        }
        markPublished(connection, published);
        if (!failed.isEmpty()) {
            recordFailures(connection, failed, acks.get(rows.indexOf(failed.get(0))));
            throw new IllegalStateException(failed.size() + " of " + rows.size() + " outbox messages not acknowledged");
        }
        return published.size();
    }

    private static void markPublished(Connection connection, List<UUID> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "update outbox_message set published_at = now() where id = any (?)")) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            statement.executeUpdate();
        }
    }

    private static void recordFailures(Connection connection, List<OutboxRow> failed, CompletableFuture<Void> firstFailure)
            throws SQLException {
        String reason = firstFailure.isCompletedExceptionally()
                ? firstFailure.handle((ignored, error) -> String.valueOf(error)).join()
                : "no acknowledgement in time";
        try (PreparedStatement statement = connection.prepareStatement(
                "update outbox_message set attempts = attempts + 1, last_error = left(?, 1000) where id = any (?)")) {
            statement.setString(1, reason);
            statement.setArray(2, connection.createArrayOf("uuid", failed.stream().map(OutboxRow::id).toArray()));
            statement.executeUpdate();
        }
    }

    /** A worker's share of the lanes: at most this many per batch. */
    private int lanesPerBatch() {
        return Math.max(1, (Outbox.LANES + settings.workers() - 1) / settings.workers());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
