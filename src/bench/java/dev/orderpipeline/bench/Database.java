package dev.orderpipeline.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import dev.orderpipeline.harness.Jdbc;
import dev.orderpipeline.notification.events.SendOrderEmail;

/** The shared JDBC helper plus the benchmark's own measurement queries (stage percentiles, commit and WAL counters). */
final class Database extends Jdbc {

    /** Cumulative counters of the whole server, to diff across a phase. */
    record Counters(long transactions, long walSyncs) {
    }

    private final String url;
    private final String user;
    private final String password;

    Database(String url, String user, String password) {
        super(url, user, password);
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The application's own Flyway migrations (classpath:db/migration): its tables exist before it first starts. */
    void migrate() {
        org.flywaydb.core.Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
    }

    /**
     * Where an order's time goes, from the application's own timestamps (one clock), for orders created in
     * [from, to]: p50 / p95 in ms of each stage. (The relay's own share comes from its meters: {@link RelayMeters}.)
     */
    java.util.Map<String, String> stages(java.sql.Timestamp from, java.sql.Timestamp to) throws SQLException {
        String sql = """
                with o as (
                    select o.created_at c,
                        (select min(h.at) from order_history h where h.order_id = o.id and h.status = 'STOCK_RESERVED') r,
                        (select min(h.at) from order_history h where h.order_id = o.id and h.status = 'CONFIRMED') f,
                        (select s.sent_at from sent_email s where s.order_id = o.id and s.kind = 'CONFIRMATION') e
                    from customer_order o where o.created_at between ? and ?),
                d as (select extract(epoch from r - c) * 1000 a, extract(epoch from f - r) * 1000 b,
                             extract(epoch from e - f) * 1000 g from o)
                select percentile_cont(0.5) within group (order by a), percentile_cont(0.95) within group (order by a),
                       percentile_cont(0.5) within group (order by b), percentile_cont(0.95) within group (order by b),
                       percentile_cont(0.5) within group (order by g), percentile_cont(0.95) within group (order by g)
                from d""";
        java.util.Map<String, String> stages = new java.util.LinkedHashMap<>();
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setTimestamp(1, from);
            statement.setTimestamp(2, to);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                String[] names = { "checkout commit → stock reserved (relay, Kafka, inventory, relay, Kafka, checkout)",
                        "stock reserved → confirmed (payment, relay, Kafka, checkout)",
                        "confirmed → email recorded, before SMTP (relay, AMQP, email worker)" };
                for (int i = 0; i < names.length; i++) {
                    stages.put(names[i], Report.fmt(result.getDouble(2 * i + 1)) + " / " + Report.fmt(result.getDouble(2 * i + 2)));
                }
            }
        }
        return stages;
    }

    /**
     * Orders created in [{@code from}, {@code to}] whose confirmation email the application recorded (its row commits
     * once SMTP accepted the email).
     */
    long confirmedOrders(java.sql.Timestamp from, java.sql.Timestamp to) {
        return count("select count(*) from customer_order o join sent_email s on s.order_id = o.id and s.kind = ? "
                + "where o.created_at between ? and ?", SendOrderEmail.Kind.CONFIRMATION.name(), from, to);
    }

    /** Committed transactions of the database (read-only ones included) and WAL fsyncs of the server. */
    Counters counters() throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(
                "select (select xact_commit from pg_stat_database where datname = current_database()), (select wal_sync from pg_stat_wal)");
                ResultSet result = statement.executeQuery()) {
            result.next();
            return new Counters(result.getLong(1), result.getLong(2));
        }
    }
}
