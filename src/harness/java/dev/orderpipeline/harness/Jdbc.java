package dev.orderpipeline.harness;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Plain JDBC against the local stack's PostgreSQL, a fresh connection per call (the server may have restarted). */
public class Jdbc {

    /** Reads one row into a value. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** An SQL array parameter: {@code Jdbc.array("uuid", ids)}. */
    public record TypedArray(String type, Object[] values) {
        Array toSql(Connection connection) throws SQLException {
            return connection.createArrayOf(type, values);
        }
    }

    private final String url;
    private final String user;
    private final String password;

    public Jdbc(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** A new connection; batched inserts are rewritten into multi-row inserts. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true", user, password);
    }

    /** The number in the first column of the first row. */
    public long count(String sql, Object... parameters) {
        return query(sql, row -> row.getLong(1), parameters).get(0);
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
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

    /** Counts grouped by the first column, for small reports. */
    public Map<String, Long> grouped(String sql, Object... parameters) {
        Map<String, Long> counts = new TreeMap<>();
        query(sql, row -> {
            counts.put(String.valueOf(row.getString(1)), row.getLong(2));
            return null;
        }, parameters);
        return counts;
    }

    /** Runs a statement that returns no rows (DDL, for instance). */
    public void execute(String sql) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("Statement failed: " + sql, e);
        }
    }

    public static TypedArray array(String type, Collection<?> values) {
        return new TypedArray(type, values.toArray());
    }
}
