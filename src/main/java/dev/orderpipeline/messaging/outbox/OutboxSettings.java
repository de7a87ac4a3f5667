package dev.orderpipeline.messaging.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tuning of the outbox relay and its housekeeping. */
@ConfigMapping(prefix = "app.outbox")
public interface OutboxSettings {

    /** Rows published per relay transaction. */
    @WithDefault("2000")
    int batchSize();

    /**
     * Relay workers in this instance. Each batch takes at most {@code 16 / workers} of the 16 lanes, so workers here
     * and in other instances relay different lanes side by side. One (a batch takes every lane it can) measured
     * fastest on a 2-CPU machine; more only pay with CPUs to spare.
     */
    @WithDefault("1")
    int workers();

    /** Fallback poll when no commit notification arrives (LISTEN/NOTIFY is the normal wake-up). */
    @WithDefault("1S")
    Duration pollInterval();

    /** How long the relay waits for the brokers to acknowledge a batch. */
    @WithDefault("30S")
    Duration publishTimeout();

    /** An unpublished row older than this makes the outbox readiness check DOWN. */
    @WithDefault("5M")
    Duration maxLag();

    /** Published rows are deleted after this long. */
    @WithDefault("24H")
    Duration retention();
}
