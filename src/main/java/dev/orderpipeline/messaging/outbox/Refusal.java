package dev.orderpipeline.messaging.outbox;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.errors.RetriableException;

/**
 * Why the broker did not acknowledge one outbox row, and whether that counts against the row: it does when the
 * broker took other rows of the same transport in the same batch (so it was up), or when the error is one no retry
 * fixes (a record too large, an invalid topic, a refused authorization). Otherwise it is an outage, which counts
 * against no row.
 */
record Refusal(Throwable error) {

    /** The error the broker or the client gave, without the future's wrappers. */
    Throwable cause() {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    boolean countsAgainstRow(boolean brokerTookOthers) {
        if (brokerTookOthers) {
            return true;
        }
        Throwable cause = cause();
        return cause instanceof org.apache.kafka.common.KafkaException && !(cause instanceof RetriableException);
    }

    /** One line for the row's last_error and the dead letter's reason. */
    String describe() {
        Throwable cause = cause();
        return cause.getClass().getName() + ": " + cause.getMessage();
    }

    /** The wait before attempt {@code attempts + 1}: doubling from {@code initial}, at most {@code max}. */
    static Duration backoff(int attempts, Duration initial, Duration max) {
        long millis = initial.toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
