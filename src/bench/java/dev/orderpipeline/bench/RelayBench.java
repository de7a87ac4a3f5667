package dev.orderpipeline.bench;

import dev.orderpipeline.messaging.outbox.Outbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The outbox relay alone: a backlog of rows committed in one transaction (so the relay sees all of it at once),
 * then the time until the last one is marked published, i.e. acknowledged by Kafka (acks=all).
 */
final class RelayBench {


    record Drain(long rows, long drained, double seconds, long failedAttempts, boolean complete) {
    }

    private final Database database;
    private final Timeline timeline;

    RelayBench(Database database, Timeline timeline) {
        this.database = database;
        this.timeline = timeline;
    }

    /** A JSON payload of exactly {@code bytes} bytes (ASCII). */
    static String payload(long n, int bytes) {
        String head = "{\"bench\":" + n + ",\"pad\":\"";
        String tail = "\"}";
        int pad = Math.max(0, bytes - head.length() - tail.length());
        return head + "x".repeat(pad) + tail;
    }

    /** One outbox row to Kafka, as the application writes them; the parameters are set by {@link #bind}. */
    static final String INSERT = """
            insert into outbox_message (id, lane, transport, destination, message_key, type, source, subject, payload)
            values (?, ?, 'KAFKA', ?, ?, 'dev.orderpipeline.bench.Event', '/order-pipeline/bench', null, ?)""";

    /** Sets the parameters of {@link #INSERT} for the n-th row to {@code topic}: a random id and key; returns the id. */
    static UUID bind(PreparedStatement insert, String topic, long n, int payloadBytes) throws SQLException {
        UUID id = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        insert.setObject(1, id);
        insert.setInt(2, Outbox.lane(key));
        insert.setString(3, topic);
        insert.setString(4, key);
        insert.setString(5, payload(n, payloadBytes));
        return id;
    }

    /**
     * Inserts {@code rows} outbox rows for {@code topic} in one transaction and announces them; returns the time of
     * the commit.
     */
    long prefill(String topic, int rows, int payloadBytes) throws SQLException {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (int i = 0; i < rows; i++) {
                    bind(insert, topic, i, payloadBytes);
                    insert.addBatch();
                    if ((i + 1) % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
            long committed = System.nanoTime();
            // Announce the commit as an application instance does (OutboxNotifications): the relay starts at once
            // instead of at its next poll.
            connection.setAutoCommit(true);
            try (PreparedStatement announce = connection.prepareStatement("select pg_notify('outbox', '')")) {
                announce.execute();
            }
            return committed;
        }
    }

    /** Waits until no row of {@code topic} is unpublished, sampling progress for the timeline. */
    Drain drain(String topic, long rows, long committedAt, long timeoutNanos) throws SQLException, InterruptedException {
        long deadline = committedAt + timeoutNanos;
        long remaining = rows;
        long now = System.nanoTime();
        try (Connection connection = database.connect();
                PreparedStatement unpublished = connection.prepareStatement(
                        "select count(*) from outbox_message where destination = ? and published_at is null")) {
            unpublished.setString(1, topic);
            while (remaining > 0 && (now = System.nanoTime()) < deadline) {
                try (var result = unpublished.executeQuery()) {
                    result.next();
                    long left = result.getLong(1);
                    now = System.nanoTime();
                    timeline.count(Timeline.RELAYED, now, remaining - left);
                    remaining = left;
                }
                if (remaining > 0) {
                    Thread.sleep(25);
                }
            }
        }
        long failed = database.count("select count(*) from outbox_message where destination = ? and attempts > 0", topic);
        return new Drain(rows, rows - remaining, (now - committedAt) / 1e9, failed, remaining == 0);
    }

    static long seconds(long seconds) {
        return TimeUnit.SECONDS.toNanos(seconds);
    }
}
