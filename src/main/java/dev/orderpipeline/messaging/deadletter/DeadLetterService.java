package dev.orderpipeline.messaging.deadletter;

import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.orderpipeline.config.AppConfig;
import dev.orderpipeline.messaging.MessageTracing;
import dev.orderpipeline.messaging.MessagingMetrics;
import dev.orderpipeline.messaging.TraceContext;
import dev.orderpipeline.messaging.outbox.BrokerRecord;
import dev.orderpipeline.messaging.outbox.OutboxPublisher;
import dev.orderpipeline.platform.Jdbc;
import dev.orderpipeline.messaging.outbox.Transport;
import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/**
 * Operations on dead letters: list, inspect, replay to the original destination with the original payload and
 * message id (the consumers' inbox still prevents a double effect), and discard.
 */
@ApplicationScoped
public class DeadLetterService {

    /** One page of dead letters. */
    public record PageOf(List<DeadLetter> items, int page, int size, long total) {
    }

    /** How a bulk replay went. */
    public record ReplayReport(int replayed, int failed) {
    }

    /** A count of dead letters by destination, exception class and status. */
    public record Group(String destination, String exceptionClass, String status, long count) {
    }

    /**
     * Dead letters that failed alike: one consumer giving up on messages of one destination with one exception
     * class (empty when none was recorded); how many, the first and last failure, and the latest reason.
     */
    public record FailureGroup(String source, String destination, String consumer, String exceptionClass, long count,
            Instant firstFailureAt, Instant lastFailureAt, String latestReason) {
    }

    /** At most this many groups are listed, largest first. */
    public static final int MAX_GROUPS = 500;

    private final OutboxPublisher publisher;
    private final MessagingMetrics metrics;
    private final MessageTracing tracing;
    private final EntityManager entityManager;
    private final AgroalDataSource dataSource;
    private final int replayRatePerSecond;

    DeadLetterService(OutboxPublisher publisher, MessagingMetrics metrics, MessageTracing tracing, EntityManager entityManager,
            AgroalDataSource dataSource, AppConfig config) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.tracing = tracing;
        this.entityManager = entityManager;
        this.dataSource = dataSource;
        this.replayRatePerSecond = Math.max(1, config.deadLetters().replayRate());
    }

    public PageOf list(DeadLetterFilter filter, int page, int size) {
        var query = filter.query();
        var found = DeadLetter.<DeadLetter>find(query.getKey(), Sort.descending("lastFailureAt").and("id"), query.getValue());
        return new PageOf(found.page(Page.of(page, size)).list(), page, size, found.count());
    }

    /** Reads the dead letter in a transaction of its own, so a change made since in this request is seen. */
    public Optional<DeadLetter> find(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> DeadLetter.<DeadLetter>findByIdOptional(id));
    }

    /** Sends the dead letter again and waits for the broker's acknowledgement; empty if there is no such letter. */
    public Optional<DeadLetter> replay(UUID id) {
        Optional<DeadLetter> letter = find(id);
        letter.ifPresent(this::replay);
        return letter.flatMap(replayed -> find(id));
    }

    /**
     * Replays every NEW dead letter the filter matches, oldest first failure first (so one key keeps its order),
     * one at a time and at most {@code app.dead-letters.replay-rate} per second.
     */
    public ReplayReport replayMatching(DeadLetterFilter filter, int limit) {
        var query = filter.withStatus(DeadLetter.Status.NEW).query();
        List<DeadLetter> letters = DeadLetter.<DeadLetter>find(query.getKey(), Sort.ascending("firstFailureAt").and("id"),
                query.getValue()).page(Page.ofSize(limit)).list();
        int replayed = 0;
        int failed = 0;
        long pauseMillis = 1000L / replayRatePerSecond;
        for (DeadLetter letter : letters) {
            try {
                replay(letter);
                replayed++;
            } catch (RuntimeException e) {
                failed++;
            }
            sleep(pauseMillis);
        }
        return new ReplayReport(replayed, failed);
    }

    /** Marks a dead letter as not to be replayed; empty if there is no such letter. */
    public Optional<DeadLetter> discard(UUID id) {
        int changed = QuarkusTransaction.requiringNew().call(() -> Jdbc.inTransaction(entityManager,
                connection -> Jdbc.update(connection, DeadLetterSql.DISCARD, id)));
        return changed == 0 ? Optional.empty() : find(id);
    }

    public List<Group> summary() {
        return read(connection -> Jdbc.list(connection, DeadLetterSql.SUMMARY,
                row -> new Group(row.getString(1), row.getString(2), row.getString(3), row.getLong(4))));
    }

    /** The dead letters in groups of like failures, largest first; only those of one status unless it is null. */
    public List<FailureGroup> groups(DeadLetter.Status status) {
        Jdbc.RowMapper<FailureGroup> group = row -> new FailureGroup(row.getString(1), row.getString(2), row.getString(3),
                row.getString(4), row.getLong(5), Jdbc.instant(row, 6), Jdbc.instant(row, 7), row.getString(8));
        return read(connection -> status == null ? Jdbc.list(connection, DeadLetterSql.GROUPS_ALL, group)
                : Jdbc.list(connection, DeadLetterSql.GROUPS_OF_STATUS, group, status.name()));
    }

    public Map<String, Long> countByStatus() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (DeadLetter.Status status : DeadLetter.Status.values()) {
            counts.put(status.name(), 0L);
        }
        read(connection -> Jdbc.list(connection, DeadLetterSql.COUNT_BY_STATUS, row -> counts.put(row.getString(1), row.getLong(2))));
        return counts;
    }

    private <T> T read(Jdbc.Work<T> work) {
        try {
            return Jdbc.withConnection(dataSource, work);
        } catch (SQLException e) {
            throw new IllegalStateException("The dead letters could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * Sends the letter again inside a span of its own (a child of the operator's request, linked to the trace the
     * message failed in); the replayed message carries that span's trace context instead of the original one.
     */
    private void replay(DeadLetter letter) {
        String messageId = letter.headers.getOrDefault("amqp-message-id", letter.messageId);
        Span span = tracing.replaying(letter.source == Transport.KAFKA ? "kafka" : "amqp", letter.destination, messageId,
                TraceContext.of(letter.traceparent, letter.tracestate));
        try (Scope ignored = span.makeCurrent()) {
            Map<String, String> headers = new LinkedHashMap<>();
            letter.headers.forEach((name, value) -> {
                if (value != null && !name.startsWith("dead-letter-") && !name.equals("amqp-message-id")
                        && !name.equals(TraceContext.TRACEPARENT) && !name.equals(TraceContext.TRACESTATE)) {
                    headers.put(name, value);
                }
            });
            TraceContext replay = TraceContext.current();
            if (replay != null) {
                headers.put(TraceContext.TRACEPARENT, replay.traceparent());
                if (replay.tracestate() != null) {
                    headers.put(TraceContext.TRACESTATE, replay.tracestate());
                }
            }
            BrokerRecord record = new BrokerRecord(letter.source, letter.destination, letter.messageKey, messageId, headers,
                    letter.payload == null ? new byte[0] : letter.payload);
            // Marked before sending: if the replayed message fails again at once, its new failure must win.
            markReplayed(letter.id, 1);
            try {
                publisher.publish(record).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                markReplayed(letter.id, -1);
                MessageTracing.failed(span, e);
                throw new IllegalStateException("Replay of dead letter " + letter.id + " was not acknowledged: " + e, e);
            }
        } finally {
            span.end();
        }
        metrics.replayed(letter.consumer);
    }

    private void markReplayed(UUID id, int delta) {
        QuarkusTransaction.requiringNew().run(() -> Jdbc.inTransaction(entityManager, connection ->
                Jdbc.update(connection, DeadLetterSql.MARK_REPLAYED, delta, delta, delta, Instant.now(), id)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
