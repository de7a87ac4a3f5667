package dev.orderpipeline.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** Retries transient failures within bounds, never permanent ones. */
class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofSeconds(5));

    @Test
    void shouldRetryTransientFailuresUntilTheySucceed() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        String result = policy.run("test", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new RuntimeException(new SQLException("deadlock detected", "40P01"));
            }
            return "done";
        }, retries::incrementAndGet);
        assertThat(result).isEqualTo("done");
        assertThat(retries).hasValue(2);
    }

    @Test
    void shouldStopAfterTheAttemptBound() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> policy.run("test", () -> {
            calls.incrementAndGet();
            throw new TransientFailureException("provider unavailable");
        }, () -> { }))
                .isInstanceOfSatisfying(HandlingFailure.class, failure -> {
                    assertThat(failure.attempts()).isEqualTo(4);
                    assertThat(failure.permanent()).isFalse();
                    assertThat(failure.original()).isInstanceOf(TransientFailureException.class);
                });
        assertThat(calls).hasValue(4);
    }

    @Test
    void shouldNotRetryPermanentFailures() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> policy.run("test", () -> {
            calls.incrementAndGet();
            throw new PermanentMessageException("unparseable");
        }, () -> { }))
                .isInstanceOfSatisfying(HandlingFailure.class, failure -> assertThat(failure.permanent()).isTrue());
        assertThat(calls).hasValue(1);
    }
}
