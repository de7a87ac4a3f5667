package dev.orderpipeline.bench;

/**
 * When the i-th request of an open-loop phase is meant to be sent: {@code start + i / rate}, computed from i (not
 * by adding intervals, which drifts). Latency is measured from this intended time, not from when the generator got
 * round to sending, so a stalled system cannot hide its stall by slowing the generator (coordinated omission).
 */
record OpenLoopSchedule(long startNanos, double ratePerSecond, long durationNanos) {

    OpenLoopSchedule {
        if (ratePerSecond <= 0 || durationNanos <= 0) {
            throw new IllegalArgumentException("rate and duration must be positive");
        }
    }

    /** Number of requests the phase sends: every i whose intended time falls inside the phase. */
    long count() {
        return (long) Math.ceil(durationNanos * ratePerSecond / 1e9 - 1e-9);
    }

    long intendedNanos(long i) {
        return startNanos + Math.round(i * 1e9 / ratePerSecond);
    }

    /** How far behind its schedule a sender is that only now gets to request i (0 when on time or early). */
    long lagNanos(long i, long nowNanos) {
        return Math.max(0, nowNanos - intendedNanos(i));
    }
}
