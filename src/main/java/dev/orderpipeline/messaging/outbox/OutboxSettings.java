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

    /**
     * Longest wait between two looks for rows nobody announced (another application's, or an announcement lost);
     * commits of this application wake the relay at once.
     */
    @WithDefault("1S")
    Duration pollInterval();

    /** How long the relay waits for the brokers to acknowledge a batch. */
    @WithDefault("30S")
    Duration publishTimeout();

    /** An unpublished row older than this makes the outbox readiness check DOWN. */
    @WithDefault("5M")
    Duration maxLag();

    /**
     * Whether published rows stay as a trail (marked published, purged after {@link #retention}) or are deleted as
     * soon as the broker acknowledged them, which costs the database less.
     */
    @WithDefault("true")
    boolean keepPublished();

    /** Published rows kept as a trail are deleted after this long. */
    @WithDefault("24H")
    Duration retention();

    /**
     * Refusals of one row (while the broker took other rows, or for a reason that no retry fixes) after which the row
     * is parked in the dead-letter store. A broker outage refuses everything and counts against no row.
     */
    @WithDefault("8")
    int maxAttempts();

    /** Wait before a refused row is sent again; it doubles with each attempt up to {@link #maxRetryBackoff}. */
    @WithDefault("1S")
    Duration retryBackoff();

    @WithDefault("1M")
    Duration maxRetryBackoff();
}
