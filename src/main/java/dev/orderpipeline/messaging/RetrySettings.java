package dev.orderpipeline.messaging;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Bounds of in-consumer retries of transient failures, before a message is dead-lettered. */
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

    default RetryPolicy policy() {
        return new RetryPolicy(maxAttempts(), initialBackoff(), maxBackoff(), maxTotal());
    }
}
