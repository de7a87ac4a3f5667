package dev.orderpipeline.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The harness's own JDBC access to the stack's PostgreSQL: waiting, counting, pre-filling, baselines. */
final class Database {

    /** Cumulative counters of the whole server, to diff across a phase. */
    record Counters(long transactions, long walSyncs) {
    }

    private final String url;
    private final String user;
    private final String password;

    Database(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true", user, password);
    }

    long count(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
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
