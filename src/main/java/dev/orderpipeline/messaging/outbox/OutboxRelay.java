package dev.orderpipeline.messaging.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.orderpipeline.config.AppConfig;
import dev.orderpipeline.messaging.MessageTracing;
import dev.orderpipeline.messaging.ShutdownDeadline;
import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.trace.Span;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Publishes committed outbox rows to their broker, waits for the acknowledgements, then marks them published. Each
 * message carries the trace context stored with its row; publishing it is a short producer span, a child of that
 * context, ended once the broker answered.
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
    public static final String WAKE_UPS_METRIC = RelayMetrics.WAKE_UPS;
    /**
     * First poll after a pass that published rows; each empty poll doubles the wait, up to the poll interval. Polls
     * only find rows nobody announced: every commit of this application wakes a relay.
     */
    private static final long FIRST_IDLE_POLL_MILLIS = 20;
    /** Pause before the next batch when commits arrived while a batch that was not full was relayed. */
    private static final long GATHER_MILLIS = 5;

    private final AgroalDataSource dataSource;
    private final OutboxPublisher publisher;
    private final OutboxParking parking;
    private final AppConfig.Outbox settings;
    private final OutboxNotifications notifications;
    private final boolean workersRole;
    private final RelayMetrics metrics;
    private final ShutdownDeadline shutdownDeadline;
    private final MessageTracing tracing;
    private final List<Semaphore> wakeUps = new CopyOnWriteArrayList<>();
    private final List<Thread> workers = new CopyOnWriteArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();
    private volatile boolean running;

    OutboxRelay(AgroalDataSource dataSource, OutboxPublisher publisher, OutboxParking parking, AppConfig config,
            OutboxNotifications notifications, RelayMetrics metrics, ShutdownDeadline shutdownDeadline,
            MessageTracing tracing) {
        this.dataSource = dataSource;
        this.publisher = publisher;
        this.parking = parking;
        this.settings = config.outbox();
        this.notifications = notifications;
        this.workersRole = config.role().workers();
        this.metrics = metrics;
        this.shutdownDeadline = shutdownDeadline;
        this.tracing = tracing;
    }

    void start(@Observes StartupEvent event) {
        if (!workersRole) {
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
        long deadline = shutdownDeadline.nanos();
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
            metrics.wokenByLocalCommit();
            wakeUp();
        } else {
            metrics.wokenByAnnouncedCommit();
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
                boolean woken = wakeUp.tryAcquire(idleMillis, TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                int published = 0;
                int batch;
                // A poll nobody asked for first looks whether anything is due, outside a transaction (one statement).
                boolean look = !woken;
                while (running && (batch = relayBatch(index, look)) > 0) {
                    published += batch;
                    look = false;
                    if (batch < settings.batchSize()) {
                        if (wakeUp.availablePermits() == 0) {
                            break; // it took everything due, and nothing was committed since: wait for the next commit
                        }
                        // Commits arrive while it relays: let a few more gather rather than pay a batch per row.
                        Thread.sleep(GATHER_MILLIS);
                        wakeUp.drainPermits();
                    }
                }
                idleMillis = published > 0 ? Math.min(FIRST_IDLE_POLL_MILLIS, pollMillis) : Math.min(idleMillis * 2, pollMillis);
                backoffMillis = 100;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (BrokerOutage e) {
                // Logged with its rows; the next try waits.
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 10_000);
            } catch (Exception e) {
                Log.warnf("Outbox relay batch failed, retrying in %d ms: %s", backoffMillis, e.toString());
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 10_000);
            }
        }
    }

    /**
     * Relays one batch from the lanes worker {@code index} could lock and returns how many rows were published. What
     * the broker acknowledged is recorded (and committed) whatever happened to the rest of the batch; a row refused on
     * its own is retried after a backoff and parked in the dead-letter store after {@code app.outbox.max-attempts}.
     *
     * @throws BrokerOutage when nothing was acknowledged and no refusal was the row's own, after committing
     */
    int relayBatch(int index, boolean lookFirst) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (lookFirst && !OutboxRows.anyDue(connection)) {
                return 0;
            }
            connection.setAutoCommit(false);
            try {
                List<Integer> lanes = OutboxRows.lockFreeLanes(connection, lanesPerBatch());
                if (lanes.isEmpty()) {
                    connection.commit();
                    return 0;
                }
                if (lanes.size() == lanesPerBatch() && wakeUps.size() > 1) {
                    // There may be more lanes waiting than this worker's share: the next worker takes them.
                    wakeUps.get((index + 1) % wakeUps.size()).release();
                }
                List<OutboxRow> rows = OutboxRows.due(connection, lanes, settings.batchSize());
                BatchOutcome outcome = publishAndRecord(connection, rows);
                connection.commit();
                parking.committed(outcome.parked());
                if (outcome.published() == 0 && outcome.outage() != null) {
                    throw new BrokerOutage(outcome.outage());
                }
                return outcome.published();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** How a batch went: rows published, and the reason of an outage that refused the others (null if none). */
    private record BatchOutcome(int published, int parked, String outage) {
    }

    /** Nothing was acknowledged and nothing points at a row of its own: the relay backs off as a whole. */
    static final class BrokerOutage extends RuntimeException {
        BrokerOutage(String reason) {
            super(reason, null, false, false);
        }
    }

    private BatchOutcome publishAndRecord(Connection connection, List<OutboxRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return new BatchOutcome(0, 0, null);
        }
        long start = System.nanoTime();
        List<Span> spans = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            spans.add(tracing.publishing(row.transport() == Transport.KAFKA ? "kafka" : "amqp", row.destination(),
                    row.id().toString(), row.trace()));
        }
        List<CompletableFuture<Void>> acks = send(rows);
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Some were refused or not acknowledged in time: each is judged below.
        }
        List<UUID> published = new ArrayList<>();
        Set<Transport> acknowledging = EnumSet.noneOf(Transport.class);
        Instant acknowledgedAt = Instant.now();
        for (int i = 0; i < rows.size(); i++) {
            if (acknowledged(acks.get(i))) {
                published.add(rows.get(i).id());
                acknowledging.add(rows.get(i).transport());
                metrics.published(rows.get(i).createdAt(), acknowledgedAt);
            }
        }
        OutboxRows.published(connection, published, settings.keepPublished());
        List<UUID> outage = new ArrayList<>();
        String outageReason = null;
        int parked = 0;
        for (int i = 0; i < rows.size(); i++) {
            CompletableFuture<Void> ack = acks.get(i);
            if (acknowledged(ack)) {
                spans.get(i).end();
                continue;
            }
            OutboxRow row = rows.get(i);
            Refusal refusal = new Refusal(ack.isDone() ? ack.handle((ignored, error) -> error).join()
                    : new java.util.concurrent.TimeoutException("no acknowledgement within " + settings.publishTimeout()));
            try (MessageTracing.MessageScope traced = tracing.current(spans.get(i), row.subject())) {
                traced.failed(refusal.cause());
                if (refusal.countsAgainstRow(acknowledging.contains(row.transport()))) {
                    parked += refused(connection, row, refusal) ? 1 : 0;
                } else {
                    outage.add(row.id());
                    outageReason = refusal.describe();
                }
            }
        }
        OutboxRows.outage(connection, outage, outageReason);
        if (!outage.isEmpty()) {
            Log.warnf("%d of %d outbox messages not acknowledged, relay backs off: %s", outage.size(), rows.size(), outageReason);
        }
        metrics.batch(start, rows.size());
        return new BatchOutcome(published.size(), parked, outage.isEmpty() ? null : outageReason);
    }

    /**
     * Sends every row; once a Kafka send fails waiting for its topic's metadata (no such topic, or none reachable),
     * the batch's other rows for that topic fail the same way without blocking the relay again.
     */
    private List<CompletableFuture<Void>> send(List<OutboxRow> rows) {
        Map<String, CompletableFuture<Void>> unreachable = new HashMap<>();
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            CompletableFuture<Void> ack = unreachable.get(row.destination());
            if (ack == null) {
                ack = publisher.publish(OutboxPublisher.toRecord(row));
                if (ack.isCompletedExceptionally() && new Refusal(ack.handle((ignored, error) -> error).join())
                        .cause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                    unreachable.put(row.destination(), ack);
                }
            }
            acks.add(ack);
        }
        return acks;
    }

    /** Records a refusal that counts against the row; true when it parked the row. */
    private boolean refused(Connection connection, OutboxRow row, Refusal refusal) throws SQLException {
        int attempts = row.attempts() + 1;
        if (attempts >= settings.maxAttempts()) {
            parking.park(connection, row, attempts, refusal);
            OutboxRows.delete(connection, List.of(row.id()));
            Log.errorf("Outbox message %s for %s parked in the dead-letter store after %d attempts: %s", row.id(),
                    row.destination(), attempts, refusal.describe());
            return true;
        }
        Duration backoff = Refusal.backoff(attempts, settings.retryBackoff(), settings.maxRetryBackoff());
        OutboxRows.refused(connection, row.id(), refusal.describe(), backoff);
        Log.warnf("Outbox message %s for %s refused (attempt %d of %d), next attempt in %s: %s", row.id(),
                row.destination(), attempts, settings.maxAttempts(), backoff, refusal.describe());
        return false;
    }

    private static boolean acknowledged(CompletableFuture<Void> ack) {
        return ack.isDone() && !ack.isCompletedExceptionally();
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
