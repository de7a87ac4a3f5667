package dev.orderpipeline.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Bounds of in-consumer retries of transient failures, before a message is dead-lettered. Each bound can be
 * overridden per consumer (channel), for example {@code app.retry.consumer."payment-inventory".max-attempts=10}.
 */
@ConfigMapping(prefix = "app.retry")
public interface RetrySettings {

    @WithDefault("6")
    int maxAttempts();

    @WithDefault("100MS")
    Duration initialBackoff();

    @WithDefault("5S")
    Duration maxBackoff();

    @WithDefault("30S")
    Duration maxTotal();

    /** Per-consumer overrides, by channel name. */
    Map<String, ConsumerRetry> consumer();

    /** Overrides of one consumer; what is absent comes from the defaults. */
    interface ConsumerRetry {
        Optional<Integer> maxAttempts();

        Optional<Duration> initialBackoff();

        Optional<Duration> maxBackoff();

        Optional<Duration> maxTotal();
    }

    /** The policy of one consumer. */
    default RetryPolicy policy(String consumer) {
        ConsumerRetry override = consumer().get(consumer);
        if (override == null) {
            return new RetryPolicy(maxAttempts(), initialBackoff(), maxBackoff(), maxTotal());
        }
        return new RetryPolicy(override.maxAttempts().orElse(maxAttempts()),
                override.initialBackoff().orElse(initialBackoff()), override.maxBackoff().orElse(maxBackoff()),
                override.maxTotal().orElse(maxTotal()));
    }
}
