package dev.orderpipeline.payment.service;

import java.math.BigDecimal;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** Behaviour of the built-in simulated payment provider; its defaults are in application.properties. */
@ConfigMapping(prefix = "payment.simulator")
public interface SimulatorSettings {

    /** Charges above this amount are declined. */
    BigDecimal declineAbove();

    /** Share of calls (0 to 1) that fail transiently: half of those before the capture, half after it. */
    double failureRate();

    /** Added latency of each call. */
    Duration latency();
}
