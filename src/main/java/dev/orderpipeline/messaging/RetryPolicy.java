package dev.orderpipeline.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import dev.orderpipeline.config.AppConfig;
import io.quarkus.logging.Log;

/**
 * Retries transient failures with exponential backoff (each pause drawn between half and all of the current backoff),
 * bounded in attempts and in total time.
 * Permanent failures (and anything not classified as transient) end at once. Either way the end is a
 * {@link HandlingFailure} that says how many attempts were made since the first failure. While the database is
 * unreachable the bounds do not run: the message is not at fault, so it waits rather than being dead-lettered.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotal) {

    /** The policy of one consumer (channel): its overrides in {@code app.retry.consumer}, the other bounds as configured. */
    public static RetryPolicy of(AppConfig.Retry retry, String consumer) {
        AppConfig.Retry.ConsumerRetry override = retry.consumer().get(consumer);
        if (override == null) {
            return new RetryPolicy(retry.maxAttempts(), retry.initialBackoff(), retry.maxBackoff(), retry.maxTotal());
        }
        return new RetryPolicy(override.maxAttempts().orElse(retry.maxAttempts()),
                override.initialBackoff().orElse(retry.initialBackoff()),
                override.maxBackoff().orElse(retry.maxBackoff()), override.maxTotal().orElse(retry.maxTotal()));
    }

    /** Runs {@code work}, retrying it while it fails transiently and the bounds allow; {@code onRetry} counts retries. */
    public <T> T run(String what, Supplier<T> work, Runnable onRetry) {
        long deadline = System.nanoTime() + maxTotal.toNanos();
        long backoff = Math.max(1, initialBackoff.toMillis());
        Instant firstFailure = null;
        for (int attempt = 1;; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (firstFailure == null) {
                    firstFailure = Instant.now();
                }
                boolean isTransient = FailureClassifier.isTransient(e);
                long pause = ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1);
                if (FailureClassifier.isDatabaseUnavailable(e)) {
                    Log.warnf("%s waits for the database (attempt %d): %s", what, attempt, e.toString());
                    deadline = System.nanoTime() + maxTotal.toNanos();
                    attempt = 0;
                    onRetry.run();
                    sleep(pause);
                    backoff = Math.min(backoff * 2, maxBackoff.toMillis());
                    continue;
                }
                if (!isTransient || attempt >= maxAttempts || System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw new HandlingFailure(e, attempt, firstFailure, !isTransient);
                }
                Log.debugf("%s failed transiently (attempt %d of %d), retrying in %d ms: %s", what, attempt, maxAttempts, pause, e);
                onRetry.run();
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
