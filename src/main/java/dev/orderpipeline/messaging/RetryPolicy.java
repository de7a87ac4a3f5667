package dev.orderpipeline.messaging;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import io.quarkus.logging.Log;

/**
 * Retries transient failures with exponential backoff and full jitter, bounded in attempts and in total time.
 * Permanent failures (and anything not classified as transient) are rethrown at once.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotal) {

    /** Runs {@code work}, retrying it while it fails transiently and the bounds allow. */
    public <T> T run(String what, Supplier<T> work) {
        long deadline = System.nanoTime() + maxTotal.toNanos();
        long backoff = initialBackoff.toMillis();
        for (int attempt = 1;; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                boolean retry = FailureClassifier.isTransient(e) && attempt < maxAttempts;
                long pause = ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1);
                if (!retry || System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw e;
                }
                Log.debugf("%s failed transiently (attempt %d of %d), retrying in %d ms: %s", what, attempt, maxAttempts, pause, e);
                sleep(pause);
                backoff = Math.min(backoff * 2, maxBackoff.toMillis());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
