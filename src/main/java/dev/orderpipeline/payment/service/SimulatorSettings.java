package dev.orderpipeline.payment.service;

import java.math.BigDecimal;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Behaviour of the built-in simulated payment provider. */
@ConfigMapping(prefix = "payment.simulator")
public interface SimulatorSettings {

    /** Charges above this amount are declined. */
    @WithDefault("5000.00")
    BigDecimal declineAbove();

    /** Share of calls (0 to 1) that fail transiently: half of those before the capture, half after it. */
    @WithDefault("0")
    double failureRate();

    /** Added latency of each call. */
    @WithDefault("0S")
    Duration latency();
}
