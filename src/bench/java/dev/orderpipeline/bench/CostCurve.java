package dev.orderpipeline.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cost curve's arithmetic, free of processes and clocks: CPU-ms per confirmed order per process, whether a fixed
 * offered rate was kept, the steady confirmation rate, and an estimate between two measured rates.
 *
 * <p>Invariant: every figure comes from the measurements handed in; nothing here reads a clock or a process.
 */
final class CostCurve {

    /** The application's column, before the servers' ({@link StackServers#names()}). */
    static final String APPLICATION = "application";
    static final String TOTAL = "total";

    /** A fixed rate counts as kept when the load generator sent at least this share of it... */
    static final double SENT_SHARE_KEPT = 0.95;
    /** ...and orders were confirmed, in the second half of the offering, at least at this share of it. */
    static final double CONFIRMED_SHARE_KEPT = 0.9;

    /** An estimate at a rate, and how it was come by (measured there, or between which two rates). */
    record Estimate(double value, String how) {
    }

    private CostCurve() {
    }

    /**
     * CPU-ms per confirmed order of each process ({@code cpuSeconds}: process → CPU seconds over the phase and its
     * drain), plus {@link #TOTAL}; NaN throughout if nothing was confirmed.
     */
    static Map<String, Double> msPerOrder(Map<String, Double> cpuSeconds, long confirmed) {
        Map<String, Double> perOrder = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Double> entry : cpuSeconds.entrySet()) {
            double ms = confirmed > 0 ? entry.getValue() * 1000 / confirmed : Double.NaN;
            perOrder.put(entry.getKey(), ms);
            total += ms;
        }
        perOrder.put(TOTAL, total);
        return perOrder;
    }

    /** CPU seconds as a percentage of one core over {@code seconds}. */
    static double percentOfCore(double cpuSeconds, double seconds) {
        return seconds > 0 ? cpuSeconds / seconds * 100 : Double.NaN;
    }

    /**
     * Confirmations per second in the second half of the offering ({@code from} to {@code to}, nanos): once the
     * pipeline is in a steady state at a kept rate, this equals the offered rate; below it, it is what the pipeline
     * carried while the backlog grew.
     */
    static double steadyRate(Collection<Long> confirmationNanos, long from, long to) {
        long half = from + (to - from) / 2;
        if (to <= half) {
            return Double.NaN;
        }
        long count = confirmationNanos.stream().filter(at -> at >= half && at < to).count();
        return count / ((to - half) / 1e9);
    }

    /**
     * Why a fixed offered rate was not kept (empty: kept). Kept means: the load generator sent at least
     * {@link #SENT_SHARE_KEPT} of it, did not stop early for the backlog bound, orders were confirmed in the second
     * half at least at {@link #CONFIRMED_SHARE_KEPT} of it, and every order was answered and confirmed.
     */
    static List<String> notKeptBecause(double offered, double sentPerSecond, double steadyConfirmedPerSecond, boolean cutShort,
            long backlog, double offeringSeconds, long timedOut, long httpErrors) {
        List<String> reasons = new ArrayList<>();
        if (cutShort) {
            reasons.add("offering stopped after " + Report.fmt(offeringSeconds) + " s at the backlog bound (" + backlog
                    + " orders without their email)");
        }
        if (sentPerSecond < SENT_SHARE_KEPT * offered) {
            reasons.add("the load generator sent only " + Report.fmt(sentPerSecond) + "/s");
        }
        if (!(steadyConfirmedPerSecond >= CONFIRMED_SHARE_KEPT * offered)) {
            reasons.add(Report.fmt(steadyConfirmedPerSecond) + " confirmed/s in the second half of the offering");
        }
        if (timedOut > 0) {
            reasons.add(timedOut + " orders without their email after the drain");
        }
        if (httpErrors > 0) {
            reasons.add(httpErrors + " checkouts failed or unanswered");
        }
        return reasons;
    }

    /**
     * {@code process}'s CPU-ms per order at {@code rate}: measured if a fixed-rate point is there, else linear in
     * 1/rate between the nearest measured rates on either side (exact when an order costs a fixed amount plus a share
     * of a fixed cost per second), else null.
     */
    static Estimate at(List<Results.CostPoint> curve, double rate, String process) {
        List<Results.CostPoint> fixed = curve.stream().filter(point -> point.offeredPerSecond() != null)
                .filter(point -> Double.isFinite(point.cpuMsPerOrder().getOrDefault(process, Double.NaN)))
                .sorted(Comparator.comparingDouble(Results.CostPoint::offeredPerSecond)).toList();
        Results.CostPoint below = null;
        Results.CostPoint above = null;
        for (Results.CostPoint point : fixed) {
            if (point.offeredPerSecond() == rate) {
                return new Estimate(point.cpuMsPerOrder().get(process), "measured at " + Report.rate(rate) + "/s");
            }
            if (point.offeredPerSecond() < rate) {
                below = point;
            } else if (above == null) {
                above = point;
            }
        }
        if (below == null || above == null) {
            return null;
        }
        double x0 = 1 / below.offeredPerSecond();
        double x1 = 1 / above.offeredPerSecond();
        double y0 = below.cpuMsPerOrder().get(process);
        double y1 = above.cpuMsPerOrder().get(process);
        double value = y0 + (y1 - y0) * (1 / rate - x0) / (x1 - x0);
        return new Estimate(value, "interpolated (linear in 1/rate) between " + Report.rate(below.offeredPerSecond()) + "/s and "
                + Report.rate(above.offeredPerSecond()) + "/s");
    }
}
