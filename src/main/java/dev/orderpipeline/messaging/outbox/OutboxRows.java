package dev.orderpipeline.messaging.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.orderpipeline.messaging.TraceContext;

/**
 * The relay's statements on {@code outbox_message}, each on the caller's connection and in its transaction. A row is
 * due when it is unpublished, its next attempt (if it was refused before) has come, and no earlier row of its key
 * is still failing: later rows of a failing key wait behind it until it is published or parked.
 */
final class OutboxRows {

    /** Advisory lock namespace of the relay lanes. */
    private static final int LOCK_NAMESPACE = 0x0B0C;

    private static final String DUE = """
            m.published_at is null and (m.next_attempt_at is null or m.next_attempt_at <= now())
            and (m.message_key is null or not exists (select 1 from outbox_message f
                where f.published_at is null and f.first_failure_at is not null
                and f.lane = m.lane and f.message_key = m.message_key and f.seq < m.seq))""";

    private static final String LOCK_FREE_LANES = """
            select lane from (
                select g.lane from generate_series(0, ?) g (lane)
                where exists (select 1 from outbox_message m where m.lane = g.lane and m.published_at is null
                    and (m.next_attempt_at is null or m.next_attempt_at <= now()))
                order by (g.lane + ?) % ?
            ) pending
            where pg_try_advisory_xact_lock(?, lane)
            limit ?""";

    private static final String DUE_ROWS = """
            select id, transport, destination, message_key, type, source, subject, payload, created_at, attempts,
                first_failure_at, traceparent, tracestate
            from outbox_message m
            where lane = any (?) and %s
            order by seq
            limit ?""".formatted(DUE);

    private static final String ANY_DUE = """
            select exists (select 1 from outbox_message m where m.published_at is null
                and (m.next_attempt_at is null or m.next_attempt_at <= now()))""";

    private static final String MARK_PUBLISHED = "update outbox_message set published_at = now() where id = any (?)";
    private static final String DELETE = "delete from outbox_message where id = any (?)";
    private static final String RECORD_REFUSAL = """
            update outbox_message set attempts = attempts + 1, first_failure_at = coalesce(first_failure_at, now()),
                next_attempt_at = now() + make_interval(secs => ?), last_error = left(?, 1000)
            where id = ?""";
    private static final String RECORD_OUTAGE = "update outbox_message set last_error = left(?, 1000) where id = any (?)";

    private OutboxRows() {
    }

    /** Whether any row may be due, in one statement (no transaction needed). */
    static boolean anyDue(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ANY_DUE); ResultSet result = statement.executeQuery()) {
            return result.next() && result.getBoolean(1);
        }
    }

    /**
     * Locks up to {@code limit} lanes with due rows, trying them from a random lane on (the lock function is volatile,
     * so PostgreSQL calls it only on the rows it reads, in order, until the limit).
     */
    static List<Integer> lockFreeLanes(Connection connection, int limit) throws SQLException {
        List<Integer> lanes = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(LOCK_FREE_LANES)) {
            statement.setInt(1, Outbox.LANES - 1);
            statement.setInt(2, ThreadLocalRandom.current().nextInt(Outbox.LANES));
            statement.setInt(3, Outbox.LANES);
            statement.setInt(4, LOCK_NAMESPACE);
            statement.setInt(5, limit);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    lanes.add(result.getInt(1));
                }
            }
        }
        return lanes;
    }

    /** The due rows of {@code lanes} in sequence order, at most {@code limit}. */
    static List<OutboxRow> due(Connection connection, List<Integer> lanes, int limit) throws SQLException {
        List<OutboxRow> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(DUE_ROWS)) {
            statement.setArray(1, connection.createArrayOf("smallint", lanes.toArray()));
            statement.setInt(2, limit);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    Timestamp firstFailure = result.getTimestamp(11);
                    rows.add(new OutboxRow(result.getObject(1, UUID.class), Transport.valueOf(result.getString(2)),
                            result.getString(3), result.getString(4), result.getString(5), result.getString(6),
                            result.getString(7), result.getString(8), result.getTimestamp(9).toInstant(), result.getInt(10),
                            firstFailure == null ? null : firstFailure.toInstant(),
                            TraceContext.of(result.getString(12), result.getString(13))));
                }
            }
        }
        return rows;
    }

    /** Acknowledged rows: marked published (the trail), or deleted. */
    static void published(Connection connection, Collection<UUID> ids, boolean keepTrail) throws SQLException {
        byIds(connection, keepTrail ? MARK_PUBLISHED : DELETE, ids);
    }

    /** Parked rows leave the outbox: the dead-letter store holds them now. */
    static void delete(Connection connection, Collection<UUID> ids) throws SQLException {
        byIds(connection, DELETE, ids);
    }

    /** A refusal that counts against the row: one more attempt, and no new one before {@code backoff}. */
    static void refused(Connection connection, UUID id, String reason, Duration backoff) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(RECORD_REFUSAL)) {
            statement.setDouble(1, backoff.toMillis() / 1000.0);
            statement.setString(2, reason);
            statement.setObject(3, id);
            statement.executeUpdate();
        }
    }

    /** Rows refused in an outage: only the reason is kept, for operators; no attempt is counted. */
    static void outage(Connection connection, Collection<UUID> ids, String reason) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(RECORD_OUTAGE)) {
            statement.setString(1, reason);
            statement.setArray(2, connection.createArrayOf("uuid", ids.toArray()));
            statement.executeUpdate();
        }
    }

    private static void byIds(Connection connection, String sql, Collection<UUID> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            statement.executeUpdate();
        }
    }
}
