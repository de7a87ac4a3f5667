package dev.orderpipeline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The goals of issue 12 (cost follows work) against the cost curve: each row says met or not met and by how much.
 *
 * <p>Invariant: a goal whose point was not measured says so, and an estimate says how it was come by.
 */
final class CostGoals {

    static final double GOAL_CLOSED_LOOP_PER_SECOND = 300;
    static final double GOAL_RATE = 200;
    static final double GOAL_LOW_RATE = 20;
    static final double GOAL_APP_MS_AT_RATE = 3;
    static final double GOAL_APP_MS_AT_LOW_RATE = 5;
    static final double GOAL_IDLE_PERCENT_OF_CORE = 2;
    static final double GOAL_CHECKOUT_P99_MS = 20;
    static final double GOAL_E2E_P99_MS = 250;

    private CostGoals() {
    }

    static List<Results.Goal> evaluate(List<Results.CostPoint> curve, Results.Idle idle) {
        List<Results.Goal> goals = new ArrayList<>();
        Results.CostPoint closed = curve.stream().filter(point -> point.offeredPerSecond() == null).reduce((a, b) -> b).orElse(null);
        goals.add(closed == null ? unmeasured("≥ 300 confirmed orders/s, closed loop")
                : new Results.Goal("≥ 300 confirmed orders/s, closed loop", Report.fmt(closed.confirmedPerSecond())
                        + " orders/s (" + closed.users() + " users)", atLeast(closed.confirmedPerSecond(), GOAL_CLOSED_LOOP_PER_SECOND, "orders/s")));
        goals.add(appCpu(curve, GOAL_RATE, GOAL_APP_MS_AT_RATE));
        goals.add(appCpu(curve, GOAL_LOW_RATE, GOAL_APP_MS_AT_LOW_RATE));
        Double idlePercent = idle == null ? null : idle.percentOfCore().get(CostCurve.APPLICATION);
        goals.add(idlePercent == null ? unmeasured("application idle ≤ 2 % of one core")
                : new Results.Goal("application idle ≤ 2 % of one core", pct(idlePercent) + " of one core ("
                        + Report.fmt(idle.cpuSeconds().get(CostCurve.APPLICATION)) + " CPU s in " + Report.fmt(idle.seconds()) + " s)",
                        atMost(idlePercent, GOAL_IDLE_PERCENT_OF_CORE, "%")));
        Results.CostPoint at200 = curve.stream().filter(point -> point.offeredPerSecond() != null
                && point.offeredPerSecond() == GOAL_RATE).findFirst().orElse(null);
        String checkout = "checkout p99 ≤ 20 ms at 200 orders/s";
        String email = "checkout→email p99 ≤ 250 ms at 200 orders/s";
        if (at200 == null) {
            goals.add(unmeasured(checkout));
            goals.add(unmeasured(email));
        } else {
            goals.add(new Results.Goal(checkout, Report.fmt(at200.checkout().p99()) + " ms" + keptNote(at200),
                    atMost(at200.checkout().p99(), GOAL_CHECKOUT_P99_MS, "ms")));
            goals.add(new Results.Goal(email, Report.fmt(at200.endToEnd().p99()) + " ms" + keptNote(at200),
                    at200.timedOut() > 0 ? "not met: " + at200.timedOut() + " orders had no email after the drain"
                            : atMost(at200.endToEnd().p99(), GOAL_E2E_P99_MS, "ms")));
        }
        return goals;
    }

    private static Results.Goal appCpu(List<Results.CostPoint> curve, double rate, double limitMs) {
        String goal = "application CPU ≤ " + Report.rate(limitMs) + " ms per confirmed order at " + Report.rate(rate) + " orders/s";
        CostCurve.Estimate estimate = CostCurve.at(curve, rate, CostCurve.APPLICATION);
        if (estimate == null) {
            return unmeasured(goal);
        }
        Results.CostPoint point = curve.stream().filter(p -> p.offeredPerSecond() != null && p.offeredPerSecond() == rate)
                .findFirst().orElse(null);
        return new Results.Goal(goal, Report.fmt(estimate.value()) + " ms (" + estimate.how() + ")"
                + (point == null ? "" : keptNote(point)), atMost(estimate.value(), limitMs, "ms"));
    }

    /** "met, 40 % under" or "not met: 4.2× the limit (+9.6 ms)". */
    static String atMost(double measured, double limit, String unit) {
        if (Double.isNaN(measured)) {
            return "—";
        }
        if (measured <= limit) {
            return "met, " + pct((1 - measured / limit) * 100) + " under";
        }
        return "not met: " + times(measured / limit) + " the limit (+" + Report.fmt(measured - limit) + " " + unit + ")";
    }

    /** "met, 1.2× the goal" or "not met: 12 % of the goal (264 orders/s short)". */
    static String atLeast(double measured, double goal, String unit) {
        if (Double.isNaN(measured)) {
            return "—";
        }
        if (measured >= goal) {
            return "met, " + times(measured / goal) + " the goal";
        }
        return "not met: " + pct(measured / goal * 100) + " of the goal (" + Report.fmt(goal - measured) + " " + unit + " short)";
    }

    private static String keptNote(Results.CostPoint point) {
        return Boolean.TRUE.equals(point.kept()) ? "" : "; the rate was not kept: " + Report.fmt(point.confirmedPerSecond())
                + " confirmed/s";
    }

    private static Results.Goal unmeasured(String goal) {
        return new Results.Goal(goal, "not measured", "—");
    }

    private static String times(double ratio) {
        return String.format(Locale.ROOT, ratio >= 10 ? "%.0f×" : "%.1f×", ratio);
    }

    private static String pct(double percent) {
        return String.format(Locale.ROOT, percent >= 10 ? "%.0f %%" : "%.1f %%", percent);
    }
}
