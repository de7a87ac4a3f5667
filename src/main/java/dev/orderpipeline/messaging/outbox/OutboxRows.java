package dev.orderpipeline.messaging.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.orderpipeline.messaging.TraceContext;
import dev.orderpipeline.platform.Jdbc;

/**
 * The relay's statements on {@code outbox_message} ({@link OutboxSql}), each on the caller's connection and in its
 * transaction. Later rows of a failing key wait behind it until it is published or parked.
 */
final class OutboxRows {

    private OutboxRows() {
    }

    /** Whether any row may be due, in one statement (no transaction needed). */
    static boolean anyDue(Connection connection) throws SQLException {
        return Boolean.TRUE.equals(Jdbc.first(connection, OutboxSql.ANY_DUE, row -> row.getBoolean(1)));
    }

    /**
     * Locks up to {@code limit} lanes with due rows, trying them from a random lane on (the lock function is volatile,
     * so PostgreSQL calls it only on the rows it reads, in order, until the limit).
     */
    static List<Integer> lockFreeLanes(Connection connection, int limit) throws SQLException {
        return Jdbc.list(connection, OutboxSql.LOCK_FREE_LANES, row -> row.getInt(1), Outbox.LANES - 1,
                ThreadLocalRandom.current().nextInt(Outbox.LANES), Outbox.LANES, OutboxSql.LOCK_NAMESPACE, limit);
    }

    /** The due rows of {@code lanes} in sequence order, at most {@code limit}. */
    static List<OutboxRow> due(Connection connection, List<Integer> lanes, int limit) throws SQLException {
        return Jdbc.list(connection, OutboxSql.DUE_ROWS, row -> new OutboxRow(row.getObject(1, UUID.class),
                Transport.valueOf(row.getString(2)), row.getString(3), row.getString(4), row.getString(5), row.getString(6),
                row.getString(7), row.getString(8), row.getTimestamp(9).toInstant(), row.getInt(10), Jdbc.instant(row, 11),
                TraceContext.of(row.getString(12), row.getString(13))), Jdbc.array("smallint", lanes), limit);
    }

    /** Acknowledged rows: marked published (the trail), or deleted. */
    static void published(Connection connection, Collection<UUID> ids, boolean keepTrail) throws SQLException {
        byIds(connection, keepTrail ? OutboxSql.MARK_PUBLISHED : OutboxSql.DELETE, ids);
    }

    /** Parked rows leave the outbox: the dead-letter store holds them now. */
    static void delete(Connection connection, Collection<UUID> ids) throws SQLException {
        byIds(connection, OutboxSql.DELETE, ids);
    }

    /** A refusal that counts against the row: one more attempt, and no new one before {@code backoff}. */
    static void refused(Connection connection, UUID id, String reason, Duration backoff) throws SQLException {
        Jdbc.update(connection, OutboxSql.RECORD_REFUSAL, backoff.toMillis() / 1000.0, reason, id);
    }

    /** Rows refused in an outage: only the reason is kept, for operators; no attempt is counted. */
    static void outage(Connection connection, Collection<UUID> ids, String reason) throws SQLException {
        if (!ids.isEmpty()) {
            Jdbc.update(connection, OutboxSql.RECORD_OUTAGE, reason, Jdbc.array("uuid", ids));
        }
    }

    private static void byIds(Connection connection, String sql, Collection<UUID> ids) throws SQLException {
        if (!ids.isEmpty()) {
            Jdbc.update(connection, sql, Jdbc.array("uuid", ids));
        }
    }
}
