package dev.orderpipeline.faults;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plain JDBC against the application's database, a fresh connection per call (the server may have restarted). */
final class Database {

    /** Reads one row into a value. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
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
        return DriverManager.getConnection(url, user, password);
    }

    long count(String sql, Object... parameters) {
        return query(sql, row -> row.getLong(1), parameters).get(0);
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i] instanceof TypedArray array ? array.toSql(connection) : parameters[i]);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(mapper.map(result));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + sql, e);
        }
    }

    /** An SQL array parameter: {@code Database.array("uuid", ids)}. */
    static TypedArray array(String type, java.util.Collection<?> values) {
        return new TypedArray(type, values.toArray());
    }

    record TypedArray(String type, Object[] values) {
        Array toSql(Connection connection) throws SQLException {
            return connection.createArrayOf(type, values);
        }
    }

    /** Counts grouped by the first column, for small reports. */
    Map<String, Long> grouped(String sql, Object... parameters) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        query(sql, row -> {
            counts.put(String.valueOf(row.getString(1)), row.getLong(2));
            return null;
        }, parameters);
        return counts;
    }
}
