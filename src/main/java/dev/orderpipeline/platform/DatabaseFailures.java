package dev.orderpipeline.platform;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.concurrent.TimeoutException;

import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;

/**
 * Tells database failures that pass (a lost connection, a deadlock, a lock or serialization conflict, a timeout)
 * from the rest, for the REST layer (503 instead of 500) and the consumers (wait or retry instead of dead-letter).
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** Whether this one exception, not its causes, is a failure that a retry may not meet again. */
    public static boolean isTransientCause(Throwable cause) {
        return cause instanceof SQLTransientException || cause instanceof TimeoutException
                || cause instanceof io.smallrye.mutiny.TimeoutException || cause instanceof ConnectException
                || cause instanceof jakarta.transaction.RollbackException || cause instanceof OptimisticLockException
                || cause instanceof PessimisticLockException
                || cause instanceof SQLException sql && transientSqlState(sql.getSQLState());
    }

    /** Whether the failure or any of its causes is transient ({@link #isTransientCause}). */
    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (isTransientCause(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * Whether the database itself is unreachable (connection refused or lost, server shutting down, no pooled
     * connection within the acquisition timeout): such a failure says nothing about the message or the request.
     */
    public static boolean isUnavailable(Throwable failure) {
        return isUnavailable(failure, 0);
    }

    /** Follows causes and suppressed exceptions: a failed commit keeps the driver's error as a suppressed one. */
    private static boolean isUnavailable(Throwable failure, int depth) {
        for (Throwable cause = failure; cause != null && depth < 8; cause = cause.getCause(), depth++) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
            String name = cause.getClass().getName();
            if (name.endsWith("JDBCConnectionException") || name.startsWith("io.agroal") || fromConnectionPool(cause)) {
                return true;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (isUnavailable(suppressed, depth + 1)) {
                    return true;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * An SQLException the pool itself raised (no connection within the acquisition timeout, pool closed): the
     * database is out of reach or saturated for now.
     */
    private static boolean fromConnectionPool(Throwable failure) {
        StackTraceElement[] frames = failure.getStackTrace();
        return failure instanceof SQLException && frames.length > 0 && frames[0].getClassName().startsWith("io.agroal.");
    }

    /** 40001 serialization failure, 40P01 deadlock, 55P03 lock not available, 08xxx connection, 57P0x shutdown. */
    private static boolean transientSqlState(String state) {
        return state != null && (state.equals("40001") || state.equals("40P01") || state.startsWith("08")
                || state.startsWith("57P0") || state.equals("55P03"));
    }
}
