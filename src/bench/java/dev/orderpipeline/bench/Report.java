package dev.orderpipeline.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Renders {@link Results}: ratios and goals, a Markdown report and JSON (the charts: {@link RunChart}, {@link CostChart}). */
final class Report {

    static final double GOAL_RELAY_SHARE_OF_PRODUCER = 0.5;
    static final double DEBEZIUM_DRAIN_PER_SECOND = 16_000;
    static final double DEBEZIUM_LAG_P50_MS = 130;
    static final double DEBEZIUM_LAG_P99_MS = 350;
    static final double DEBEZIUM_WRITER_SLOWDOWN = 0.35;

    private Report() {
    }

    // ---------------------------------------------------------------- ratios and goals

    /** Computes the ratios and the verdicts against the goals from what was measured. */
    static void evaluate(Results results, int closedLoopUsers) {
        results.ratios.clear();
        results.goals.clear();
        Results.E2ePhase closed = results.endToEnd.stream().filter(phase -> phase.mode().equals("closed"))
                .reduce((first, second) -> second).orElse(null);
        Double producer = results.kafkaProducer == null ? null : results.kafkaProducer.recordsPerSecond();
        for (Results.Relay relay : results.relay) {
            results.ratios.add(new Results.Ratio("relay (" + relay.instances() + " instance" + (relay.instances() > 1 ? "s" : "")
                    + ") / Kafka producer tool", divide(relay.eventsPerSecond(), producer),
                    "relay events/s ÷ ProducerPerformance records/s (512 B, acks=all)"));
        }
        Results.JdbcBaseline jdbc = results.jdbc.stream().filter(baseline -> baseline.concurrency() == closedLoopUsers)
                .findFirst().orElse(results.jdbc.stream().max(Comparator.comparingInt(Results.JdbcBaseline::concurrency)).orElse(null));
        if (closed != null && jdbc != null && results.commitsPerOrder != null) {
            Results.CommitsPerOrder commits = results.commitsPerOrder;
            results.ratios.add(new Results.Ratio("end-to-end / JDBC commit ceiling (" + commits.perMessageCommits() + " commits per order)",
                    divide(closed.confirmedPerSecond(), jdbc.commitsPerSecond() / commits.perMessageCommits()),
                    "closed-loop orders/s ÷ (JDBC commits/s at concurrency " + jdbc.concurrency() + " ÷ "
                            + commits.perMessageCommits() + ")"));
            if (!Double.isNaN(commits.total())) {
                results.ratios.add(new Results.Ratio("end-to-end / JDBC commit ceiling (" + fmt(commits.total())
                        + " commits per order, relay batches included)", divide(closed.confirmedPerSecond(),
                        jdbc.commitsPerSecond() / commits.total()), "as above, counting the relay's measured commits too"));
            }
        }

        Results.Relay one = results.relay.stream().filter(relay -> relay.instances() == 1).findFirst().orElse(null);
        Double share = one == null ? null : divide(one.eventsPerSecond(), producer);
        results.goals.add(new Results.Goal("relay ≥ 50 % of Kafka's producer tool", share == null ? "not measured"
                : pct(share) + " (" + fmt(one.eventsPerSecond()) + " vs " + fmt(producer) + " events/s)",
                share == null ? "—" : verdict(share >= GOAL_RELAY_SHARE_OF_PRODUCER)));
        double bestRelay = results.relay.stream().mapToDouble(Results.Relay::eventsPerSecond).max().orElse(Double.NaN);
        results.goals.add(new Results.Goal("relay drain faster than Debezium's outbox router (≈15,000–16,000 events/s)",
                Double.isNaN(bestRelay) ? "not measured" : fmt(bestRelay) + " events/s (best of 1 and 2 instances)",
                Double.isNaN(bestRelay) ? "—" : verdict(bestRelay > DEBEZIUM_DRAIN_PER_SECOND)));
        liveGoals(results);
        results.costGoals = CostGoals.evaluate(results.curve, results.idle);
    }

    /** The live relay phase against Debezium's outbox router: lag under the writers' load, and what it costs them. */
    private static void liveGoals(Results results) {
        Results.Live alone = results.live.stream().filter(live -> live.mode().equals("alone")).findFirst().orElse(null);
        Results.Live relayed = results.live.stream().filter(live -> live.mode().equals("relay")).findFirst().orElse(null);
        results.liveSlowdown = alone == null || relayed == null ? null : slowdown(alone.commitsPerSecond(), relayed.commitsPerSecond());
        List<String> measured = new ArrayList<>();
        List<String> met = new ArrayList<>();
        List<String> notMet = new ArrayList<>();
        for (Results.Live live : results.live) {
            if (live.lagFromCommit() == null) {
                continue;
            }
            String label = liveLabel(live);
            Latency.Summary lag = live.lagFromCommit();
            measured.add(label + ": p50 " + fmt(lag.p50()) + " / p99 " + fmt(lag.p99()) + " ms"
                    + (live.missing() != null && live.missing() > 0 ? ", " + live.missing() + " rows never arrived" : ""));
            boolean ok = lag.count() > 0 && lag.p50() < DEBEZIUM_LAG_P50_MS && lag.p99() < DEBEZIUM_LAG_P99_MS
                    && live.missing() != null && live.missing() == 0;
            (ok ? met : notMet).add(label);
        }
        results.goals.add(new Results.Goal("live insert→Kafka lag below Debezium's ≈130 ms p50 / 350 ms p99",
                measured.isEmpty() ? "not measured" : String.join("; ", measured) + " (from each row's commit)",
                measured.isEmpty() ? "—" : notMet.isEmpty() ? "met" : met.isEmpty() ? "not met"
                        : "met at " + String.join(", ", met) + "; not met at " + String.join(", ", notMet)));
        results.goals.add(new Results.Goal("cost to writers below Debezium's 35–40 % slowdown",
                results.liveSlowdown == null ? "not measured"
                        : pct(results.liveSlowdown) + " (" + alone.writers() + " writers: " + fmt(alone.commitsPerSecond())
                                + " commits/s alone, " + fmt(relayed.commitsPerSecond()) + " with the relay running)",
                results.liveSlowdown == null ? "—" : verdict(results.liveSlowdown < DEBEZIUM_WRITER_SLOWDOWN)));
    }

    /** How much slower the writers commit with the relay running: 1 − with ÷ without (negative: faster). */
    static Double slowdown(double alonePerSecond, double withRelayPerSecond) {
        return alonePerSecond > 0 && !Double.isNaN(withRelayPerSecond) ? 1 - withRelayPerSecond / alonePerSecond : null;
    }

    private static String liveLabel(Results.Live live) {
        return switch (live.mode()) {
            case "relay" -> "saturation (" + live.writers() + " writers, " + fmt(live.commitsPerSecond()) + " rows/s)";
            default -> rate(live.offeredPerSecond()) + " rows/s" + (live.commitsPerSecond() < 0.95 * live.offeredPerSecond()
                    ? " offered (" + fmt(live.commitsPerSecond()) + " committed)" : "");
        };
    }

    private static String verdict(boolean met) {
        return met ? "met" : "not met";
    }

    private static Double divide(double numerator, Double denominator) {
        return denominator == null || denominator == 0 || Double.isNaN(numerator) || Double.isNaN(denominator) ? null
                : numerator / denominator;
    }

    // ---------------------------------------------------------------- JSON

    static String json(Results results) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- Markdown

    static String markdown(Results results) {
        StringBuilder md = new StringBuilder(CostReport.markdown(results));
        md.append("### End to end: checkout → confirmation email accepted by SMTP\n\n");
        md.append("| load | confirmed | confirmed/s | checkout p50 / p95 / p99 / max (ms) | checkout→email p50 / p95 / p99 / max (ms) "
                + "| errors / timeouts | app CPU s per 1,000 orders | stack CPU s per 1,000 | PG transactions / WAL syncs per order |\n");
        md.append("|---|---:|---:|---|---|---|---:|---:|---|\n");
        for (Results.E2ePhase phase : results.endToEnd) {
            String load = phase.mode().equals("closed") ? "closed loop, " + phase.users() + " users"
                    : "open loop, " + rate(phase.offeredPerSecond()) + "/s offered";
            md.append("| ").append(load).append(" | ").append(phase.confirmed()).append(" / ").append(phase.sent())
                    .append(" | ").append(fmt(phase.confirmedPerSecond()))
                    .append(" | ").append(latencies(phase.checkout()))
                    .append(" | ").append(latencies(phase.endToEnd()))
                    .append(" | ").append(phase.httpErrors()).append(" / ").append(phase.timedOut())
                    .append(" | ").append(fmt(phase.appCpuSecondsPer1000()))
                    .append(" | ").append(fmt(phase.stackCpuSecondsPer1000()))
                    .append(" | ").append(fmt(phase.pgTransactionsPerOrder())).append(" / ").append(fmt(phase.walSyncsPerOrder()))
                    .append(" |\n");
        }
        md.append("\nOpen-loop latencies count from each request's intended send time (no coordinated omission); "
                + "closed-loop latencies from the actual send. An email counts when the SMTP server's reply accepting it passes through the harness's relay (SmtpFront; see the notes).\n");
        if (!results.stages.isEmpty()) {
            List<String> stageNames = new ArrayList<>(results.stages.values().iterator().next().keySet());
            md.append("\nWhere the time goes, p50 / p95 ms, from the application's timestamps in the database (the relay's row: the bounds of "
                    + "its outbox_publish_lag histogram buckets that hold them):\n\n| stage |");
            results.stages.keySet().forEach(phase -> md.append(' ').append(phase).append(" |"));
            md.append("\n|---|").append("---|".repeat(results.stages.size())).append('\n');
            for (String stage : stageNames) {
                md.append("| ").append(stage).append(" |");
                results.stages.values().forEach(values -> md.append(' ').append(values.getOrDefault(stage, "—")).append(" |"));
                md.append('\n');
            }
        }
        if (!results.cpu.isEmpty()) {
            md.append("\nWhere the machine's CPU went during each phase (CPU seconds; the machine has ")
                    .append(results.machine == null ? "?" : String.valueOf(results.machine.cpus()))
                    .append(" CPUs, so a phase of t seconds has 2t to give):\n\n")
                    .append("| phase | seconds | application | servers (Kafka, Artemis, SMTP JVMs + PostgreSQL) | load generator | other processes | idle |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|\n");
            for (Results.CpuShare share : results.cpu) {
                md.append("| ").append(share.phase()).append(" | ").append(fmt(share.seconds())).append(" | ").append(fmt(share.app()))
                        .append(" | ").append(fmt(share.stack())).append(" | ").append(fmt(share.harness())).append(" | ")
                        .append(fmt(share.otherProcesses())).append(" | ").append(fmt(share.idle())).append(" |\n");
            }
        }
        if (results.duplicateEmails > 0) {
            md.append("\n**Duplicate emails seen: ").append(results.duplicateEmails).append("**\n");
        }

        md.append("\n### Outbox relay alone: pre-filled backlog → Kafka acknowledged (acks=all)\n\n");
        md.append("| relay instances | rows | payload | seconds | events/s | failed attempts | app CPU s |\n|---:|---:|---:|---:|---:|---:|---|\n");
        for (Results.Relay relay : results.relay) {
            md.append("| ").append(relay.instances()).append(" | ").append(relay.rows()).append(" | ")
                    .append(relay.payloadBytes()).append(" B | ").append(fmt(relay.seconds())).append(" | ")
                    .append(fmt(relay.eventsPerSecond())).append(" | ").append(relay.failedAttempts()).append(" | ")
                    .append(cpuMap(relay.appCpuSeconds())).append(" |\n");
        }
        for (Results.Relay relay : results.relay) {
            if (relay.note() != null && !relay.note().isBlank()) {
                md.append("\n").append(relay.instances()).append(" instance(s): ").append(relay.note()).append("\n");
            }
        }

        liveSection(results, md);

        md.append("\n### Baselines, same run, same servers\n\n| baseline | result |\n|---|---|\n");
        if (results.kafkaProducer != null) {
            Results.ProducerBaseline producer = results.kafkaProducer;
            md.append("| Kafka `ProducerPerformance`, ").append(producer.records()).append(" × ").append(producer.recordSize())
                    .append(" B, ").append(producer.props()).append(" | ").append(fmt(producer.recordsPerSecond()))
                    .append(" records/s (").append(fmt(producer.mibPerSecond())).append(" MB/s), avg ")
                    .append(fmt(producer.avgLatencyMillis())).append(" ms, p99 ").append(fmt(producer.p99LatencyMillis()))
                    .append(" ms |\n");
        }
        for (Results.JdbcBaseline jdbc : results.jdbc) {
            md.append("| JDBC single-row insert commits, concurrency ").append(jdbc.concurrency()).append(" | ")
                    .append(fmt(jdbc.commitsPerSecond())).append(" commits/s |\n");
        }
        if (results.commitsPerOrder != null) {
            Results.CommitsPerOrder commits = results.commitsPerOrder;
            md.append("\nCommits per confirmed order, from the code, when every message is handled alone: **")
                    .append(commits.perMessageCommits()).append("** (").append(String.join("; ", commits.breakdown()))
                    .append("), plus the relay's commits, one per batch of rows (its own outbox_relay_batch meter): measured ")
                    .append(fmt(commits.relayCommitsMeasured())).append(" per order, ").append(fmt(commits.total()))
                    .append(" in all. The Kafka consumers commit once per batch of records, so under load an order costs")
                    .append(" fewer: the WAL syncs per order in the end-to-end table are the measured figure.\n");
        }

        md.append("\n### Ratios\n\n| ratio | value | how |\n|---|---:|---|\n");
        for (Results.Ratio ratio : results.ratios) {
            md.append("| ").append(ratio.name()).append(" | ").append(ratio.value() == null ? "—" : fmt(ratio.value()))
                    .append(" | ").append(ratio.formula()).append(" |\n");
        }

        md.append("\n### Resources\n\n| process | peak RSS (VmHWM) |\n|---|---:|\n");
        results.peakRssMib.forEach((process, mib) -> md.append("| ").append(process).append(" | ").append(fmt(mib)).append(" MiB |\n"));

        md.append("\n### Against the goals of issue 6 (relay)\n\n| goal | measured | verdict |\n|---|---|---|\n");
        for (Results.Goal goal : results.goals) {
            md.append("| ").append(goal.goal()).append(" | ").append(goal.measured()).append(" | ").append(goal.verdict()).append(" |\n");
        }
        if (!results.notes.isEmpty()) {
            md.append("\n### Notes\n\n");
            results.notes.forEach(note -> md.append("- ").append(note).append("\n"));
        }
        return md.toString();
    }

    private static void liveSection(Results results, StringBuilder md) {
        if (results.live.isEmpty()) {
            return;
        }
        md.append("\n### Outbox relay live: writers and lag\n\n");
        md.append("| phase | writers | seconds | rows committed | commits/s | received / missing / duplicates "
                + "| insert→Kafka lag from commit p50 / p95 / p99 / max (ms) | from created_at p50 / p99 (ms) "
                + "| relay batches (rows per batch) | app CPU s |\n");
        md.append("|---|---:|---:|---:|---:|---|---|---|---|---|\n");
        for (Results.Live live : results.live) {
            String phase = switch (live.mode()) {
                case "alone" -> "writers alone, no application running";
                case "relay" -> "writers, relay running (app-1)";
                default -> "fixed rate " + rate(live.offeredPerSecond()) + " rows/s, relay running (app-1)";
            };
            md.append("| ").append(phase).append(" | ").append(live.writers()).append(" | ").append(fmt(live.seconds()))
                    .append(" | ").append(live.commits()).append(" | ").append(fmt(live.commitsPerSecond())).append(" | ")
                    .append(live.received() == null ? "—" : live.received() + " / " + live.missing() + " / " + live.duplicates())
                    .append(" | ").append(latencies(live.lagFromCommit()))
                    .append(" | ").append(live.lagFromCreatedAt() == null || live.lagFromCreatedAt().count() == 0 ? "—"
                            : fmt(live.lagFromCreatedAt().p50()) + " / " + fmt(live.lagFromCreatedAt().p99()))
                    .append(" | ").append(live.relayBatches() == null || live.relayBatches() == 0 ? "—"
                            : live.relayBatches() + " (" + fmt(live.commits() / (double) live.relayBatches()) + ")")
                    .append(" | ").append(live.appCpuSeconds().isEmpty() ? "—" : cpuMap(live.appCpuSeconds()))
                    .append(" |\n");
        }
        if (results.liveSlowdown != null) {
            md.append("\nWriters' slowdown with the relay running: **").append(pct(results.liveSlowdown))
                    .append("** (1 − with ÷ without)");
            md.append(". Debezium's PostgreSQL connector with the outbox event router, as issue 6 quotes it: ≈130 ms p50 / ")
                    .append("350 ms p99 lag, writers 35–40 % slower.\n");
        }
        List<String> others = new ArrayList<>();
        for (Results.Live live : results.live) {
            results.cpu.stream().filter(share -> share.phase().equals(live.name())).findFirst().ifPresent(share ->
                    others.add(live.name().replace("live: ", "") + " " + fmt(share.otherProcesses()) + " of "
                            + fmt(share.seconds() * (results.machine == null ? 2 : results.machine.cpus()))));
        }
        if (!others.isEmpty()) {
            md.append("\nCPU seconds that processes not of this benchmark took during each phase, of what the machine had: ")
                    .append(String.join("; ", others)).append(". The writers' rates, and so the slowdown, count whatever ")
                    .append("else competed for the CPUs.\n");
        }
        for (Results.Live live : results.live) {
            if (live.maxScheduleLagMillis() > 100) {
                md.append("\nAt ").append(rate(live.offeredPerSecond())).append(" rows/s the writers were up to ")
                        .append(fmt(live.maxScheduleLagMillis())).append(" ms behind their schedule at worst")
                        .append(live.commitsPerSecond() < 0.95 * live.offeredPerSecond()
                                ? ": the rate offered was not the rate committed.\n"
                                : " (" + fmt(live.commitsPerSecond()) + " rows/s committed over the phase).\n");
            }
        }
        md.append("\nEach writer commits one row per transaction (autocommit), ").append(results.live.get(0).payloadBytes())
                .append(" B payload, the relay phase's row shape. Lag is ")
                .append("from the moment the writer's commit returned to the moment the harness's Kafka consumer received the ")
                .append("record (both on the harness's clock, matched by `ce_id`); *from created_at* takes the `ce_time` ")
                .append("header instead (the inserting transaction's start, on PostgreSQL's clock, so it includes the commit).\n");
    }

    static String header(Results results) {
        Results.Machine machine = results.machine;
        StringBuilder md = new StringBuilder("# Order pipeline benchmark\n\n");
        md.append("Run ").append(results.startedAt).append(", ").append(fmt(results.totalSeconds)).append(" s of measuring. ");
        if (machine != null) {
            md.append("Machine: ").append(machine.cpus()).append(" CPUs (").append(machine.cpuModel()).append("), ")
                    .append(fmt(machine.memoryGib())).append(" GiB, ").append(machine.os()).append(", ").append(machine.java())
                    .append(". Command: `").append(machine.command()).append("`.\n\n");
        }
        md.append("Everything co-located on this machine: the application (packaged, its own JVM), Kafka, Artemis and ")
                .append("the SMTP server (GreenMail) each in a JVM of its own (LocalStackMain, the other servers marked external), ")
                .append("PostgreSQL (fsync and synchronous_commit on), the load generator.\n\n");
        return md.toString();
    }

    private static String latencies(Latency.Summary summary) {
        if (summary == null || summary.count() == 0) {
            return "—";
        }
        return fmt(summary.p50()) + " / " + fmt(summary.p95()) + " / " + fmt(summary.p99()) + " / " + fmt(summary.max());
    }

    private static String cpuMap(Map<String, Double> cpu) {
        List<String> parts = new ArrayList<>();
        cpu.forEach((name, seconds) -> parts.add(name + " " + fmt(seconds)));
        return String.join(", ", parts);
    }

    /** A rate as people write it: 50/s, not 50.0/s. */
    static String rate(Double perSecond) {
        return perSecond != null && perSecond == Math.rint(perSecond) ? String.valueOf(perSecond.longValue()) : fmt(perSecond);
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100);
    }

    static String fmt(Double value) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            return "—";
        }
        double v = value;
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
