package dev.orderpipeline.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The cost curve as Markdown: CPU-ms per confirmed order per process at each load, rate keeping, latencies, idle, and
 * the goals of issue 12.
 *
 * <p>Invariant: renders what {@link Results} holds and computes nothing beyond formatting.
 */
final class CostReport {

    private CostReport() {
    }

    static String markdown(Results results) {
        StringBuilder md = new StringBuilder();
        if (results.curve.isEmpty() && results.idle == null) {
            return "";
        }
        List<String> processes = processes(results);
        md.append("### Cost curve: CPU-ms per confirmed order, per process\n\n");
        md.append("| load | offered / sent per s | confirmed in time / in all / sent | confirmed/s (second half) | rate kept |");
        processes.forEach(process -> md.append(' ').append(process).append(" |"));
        md.append("\n|---|---|---|---|---|").append("---:|".repeat(processes.size())).append('\n');
        for (Results.CostPoint point : results.curve) {
            md.append("| ").append(load(point)).append(" | ")
                    .append(point.offeredPerSecond() == null ? "— / " : Report.rate(point.offeredPerSecond()) + " / ")
                    .append(Report.fmt(point.sentPerSecond())).append(" | ")
                    .append(point.confirmed()).append(" / ").append(point.confirmedInAll()).append(point.settled() ? "" : " (not settled)")
                    .append(" / ").append(point.sent()).append(" | ")
                    .append(Report.fmt(point.confirmedPerSecond())).append(" (").append(Report.fmt(point.steadyConfirmedPerSecond()))
                    .append(") | ").append(kept(point)).append(" |");
            processes.forEach(process -> md.append(' ').append(Report.fmt(point.cpuMsPerOrder().get(process))).append(" |"));
            md.append('\n');
        }
        md.append("\nCPU (utime + stime from /proc) counts from a phase's start until the pipeline settled (every order "
                + "of the phase final, its email sent, the outbox relayed; at most 90 s after the drain), divided by the "
                + "phase's orders confirmed by then (*in all*, from the database; *in time*: emails seen before the drain "
                + "ended, which the latencies cover). Each server runs in a process of its own; PostgreSQL "
                + "is its postmaster and backends. *confirmed/s*: emails in time ÷ (first send → last email); in brackets, "
                + "confirmations per second in the second half of the offering, which equals the offered rate when it is "
                + "kept. A rate is kept when the load generator sent ≥ ")
                .append(Report.pct(CostCurve.SENT_SHARE_KEPT)).append(" of it, the second half confirmed ≥ ")
                .append(Report.pct(CostCurve.CONFIRMED_SHARE_KEPT))
                .append(" of it, and every order was confirmed. An open loop stops offering once its backlog (orders sent "
                        + "without their email) reaches its bound, so a rate beyond capacity ends early and drains.\n");

        md.append("\n### Cost curve: latencies\n\n");
        md.append("| load | checkout p50 / p90 / p99 / max (ms) | checkout→email p50 / p90 / p99 / max (ms) | backlog at end of offering "
                + "| errors / no email |\n|---|---|---|---:|---|\n");
        for (Results.CostPoint point : results.curve) {
            md.append("| ").append(load(point)).append(" | ").append(latencies(point.checkout())).append(" | ")
                    .append(latencies(point.endToEnd())).append(" | ").append(point.backlog()).append(" | ")
                    .append(point.httpErrors()).append(" / ").append(point.timedOut()).append(" |\n");
        }
        md.append("\nOpen-loop latencies count from each order's intended send time (no coordinated omission), the "
                + "closed loop's from the actual send; an order with no email by the end of the drain counts at the time "
                + "waited.\n");

        if (results.idle != null) {
            md.append("\n### Idle: nothing offered, pipeline drained, ").append(Report.fmt(results.idle.seconds())).append(" s\n\n")
                    .append("| process | CPU s | % of one core |\n|---|---:|---:|\n");
            results.idle.cpuSeconds().forEach((process, seconds) -> md.append("| ").append(process).append(" | ")
                    .append(Report.fmt(seconds)).append(" | ").append(Report.fmt(results.idle.percentOfCore().get(process)))
                    .append(" |\n"));
        }

        md.append("\n### Against the goals of issue 12 (cost)\n\n| goal | measured | verdict |\n|---|---|---|\n");
        for (Results.Goal goal : results.costGoals) {
            md.append("| ").append(goal.goal()).append(" | ").append(goal.measured()).append(" | ").append(goal.verdict()).append(" |\n");
        }
        md.append('\n');
        return md.toString();
    }

    /** The curve's columns: every process measured, in the order first seen, {@link CostCurve#TOTAL} last. */
    static List<String> processes(Results results) {
        List<String> processes = new ArrayList<>();
        for (Results.CostPoint point : results.curve) {
            point.cpuMsPerOrder().keySet().stream().filter(process -> !processes.contains(process)).forEach(processes::add);
        }
        if (processes.remove(CostCurve.TOTAL)) {
            processes.add(CostCurve.TOTAL);
        }
        return processes;
    }

    static String load(Results.CostPoint point) {
        return point.offeredPerSecond() == null ? "closed loop, " + point.users() + " users" : Report.rate(point.offeredPerSecond()) + "/s";
    }

    private static String kept(Results.CostPoint point) {
        if (point.kept() == null) {
            return "—";
        }
        return point.kept() ? "yes" : "**no**: " + String.join("; ", point.notKeptBecause());
    }

    private static String latencies(Latency.Summary summary) {
        if (summary == null || summary.count() == 0) {
            return "—";
        }
        return Report.fmt(summary.p50()) + " / " + Report.fmt(summary.p90()) + " / " + Report.fmt(summary.p99()) + " / "
                + Report.fmt(summary.max());
    }
}
