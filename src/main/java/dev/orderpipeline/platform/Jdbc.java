package dev.orderpipeline.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;

import org.hibernate.Session;

/**
 * Plain JDBC for named SQL statements: one prepared statement per call, its parameters bound by position (a
 * {@link #array} as a SQL array, an {@link Instant} as a UTC timestamp, {@link #bytes} as bytea, null as a typed
 * null), its rows mapped by the caller, every resource closed. The SQL text lives in the callers' statement classes,
 * never here; the statements executed are exactly theirs.
 */
public final class Jdbc {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** A SQL array parameter of the named element type ({@code uuid}, {@code varchar}, {@code smallint}). */
    public record SqlArray(String elementType, Object[] elements) {
    }

    /** A parameter that may be null, bound with its SQL type when it is. */
    public record Nullable(Object value, int sqlType) {
    }

    private Jdbc() {
    }

    public static SqlArray array(String elementType, Collection<?> elements) {
        return new SqlArray(elementType, elements.toArray());
    }

    /** A bytea parameter, null or not. */
    public static Nullable bytes(byte[] value) {
        return new Nullable(value, Types.BINARY);
    }

    /** Runs the statement; returns the number of rows it changed. */
    public static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(connection, statement, parameters);
            return statement.executeUpdate();
        }
    }

    /** Runs the query (or a statement returning rows) and maps every row. */
    public static <T> List<T> list(Connection connection, String sql, RowMapper<T> mapper, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(connection, statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> mapped = new ArrayList<>();
                while (rows.next()) {
                    mapped.add(mapper.map(rows));
                }
                return mapped;
            }
        }
    }

    /** Runs the query and maps its first row; null when it returns none. */
    public static <T> T first(Connection connection, String sql, RowMapper<T> mapper, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(connection, statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? mapper.map(rows) : null;
            }
        }
    }

    /** The first column of the query's one row, as a long (a count). */
    public static long count(Connection connection, String sql, Object... parameters) throws SQLException {
        Long count = first(connection, sql, row -> row.getLong(1), parameters);
        return count == null ? 0 : count;
    }

    /** Runs the statement once per parameter list, in one JDBC batch; returns the rows changed by each. */
    public static int[] batch(Connection connection, String sql, List<Object[]> parameterLists) throws SQLException {
        if (parameterLists.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Object[] parameters : parameterLists) {
                bind(connection, statement, parameters);
                statement.addBatch();
            }
            return statement.executeBatch();
        }
    }

    /** Runs the work on a connection of its own from the pool, in the connection's default (auto-commit) mode. */
    public static <T> T withConnection(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        }
    }

    /** Runs the work on the connection of the entity manager's current transaction, in that transaction. */
    public static <T> T inTransaction(EntityManager entityManager, Work<T> work) {
        return entityManager.unwrap(Session.class).doReturningWork(work::run);
    }

    /** A timestamp column as an instant; null stays null. */
    public static Instant instant(ResultSet row, int column) throws SQLException {
        Timestamp timestamp = row.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static void bind(Connection connection, PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            int index = i + 1;
            Object parameter = parameters[i];
            if (parameter == null || parameter instanceof String) {
                statement.setString(index, (String) parameter);
            } else if (parameter instanceof Integer value) {
                statement.setInt(index, value);
            } else if (parameter instanceof Long value) {
                statement.setLong(index, value);
            } else if (parameter instanceof Short value) {
                statement.setShort(index, value);
            } else if (parameter instanceof Double value) {
                statement.setDouble(index, value);
            } else if (parameter instanceof UUID value) {
                statement.setObject(index, value);
            } else if (parameter instanceof Instant value) {
                statement.setObject(index, value.atOffset(ZoneOffset.UTC));
            } else if (parameter instanceof Timestamp value) {
                statement.setTimestamp(index, value);
            } else if (parameter instanceof SqlArray value) {
                statement.setArray(index, connection.createArrayOf(value.elementType(), value.elements()));
            } else if (parameter instanceof Nullable value) {
                if (value.value() == null) {
                    statement.setNull(index, value.sqlType());
                } else {
                    statement.setObject(index, value.value(), value.sqlType());
                }
            } else {
                statement.setObject(index, parameter);
            }
        }
    }
}
