package dev.orderpipeline.messaging;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.concurrent.TimeoutException;

import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;

/** Tells transient failures (worth a retry) from permanent ones (dead-letter at once). */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PermanentMessageException) {
                return false;
            }
            if (cause instanceof TransientFailureException || cause instanceof SQLTransientException
                    || cause instanceof TimeoutException || cause instanceof io.smallrye.mutiny.TimeoutException
                    || cause instanceof ConnectException || cause instanceof jakarta.transaction.RollbackException
                    || cause instanceof OptimisticLockException || cause instanceof PessimisticLockException) {
                return true;
            }
            if (cause instanceof SQLException sql && transientSqlState(sql.getSQLState())) {
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
     * connection within the acquisition timeout). Such a failure says nothing about the message: the consumer waits for the database instead of
     * dead-lettering everything it reads during an outage.
     */
    public static boolean isDatabaseUnavailable(Throwable failure) {
        return isDatabaseUnavailable(failure, 0);
    }

    /** Follows causes and suppressed exceptions: a failed commit keeps the driver's error as a suppressed one. */
    private static boolean isDatabaseUnavailable(Throwable failure, int depth) {
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
                if (isDatabaseUnavailable(suppressed, depth + 1)) {
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
     * database is out of reach or saturated for now, which says nothing about the message or the request.
     */
    private static boolean fromConnectionPool(Throwable failure) {
        StackTraceElement[] frames = failure.getStackTrace();
        return failure instanceof SQLException && frames.length > 0 && frames[0].getClassName().startsWith("io.agroal.");
    }

    /** 40001 serialization failure, 40P01 deadlock, 08xxx connection exceptions, 57P0x server shutting down. */
    private static boolean transientSqlState(String state) {
        return state != null && (state.equals("40001") || state.equals("40P01") || state.startsWith("08")
                || state.startsWith("57P0") || state.equals("55P03"));
    }
}
