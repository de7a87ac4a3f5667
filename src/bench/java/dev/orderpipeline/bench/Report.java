package dev.orderpipeline.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Renders {@link Results}: ratios and goals, a Markdown report, JSON, and an SVG chart written by hand. */
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
                + "closed-loop latencies from the actual send. Emails are seen over IMAP (IDLE push, then a fetch; see the notes).\n");
        if (!results.stages.isEmpty()) {
            List<String> stageNames = new ArrayList<>(results.stages.values().iterator().next().keySet());
            md.append("\nWhere the time goes, p50 / p95 ms, from the application's timestamps in the database:\n\n| stage |");
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
                    .append("), plus the relay's mark-as-published commits, one per batch of rows: measured ")
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

    // ---------------------------------------------------------------- SVG

    private static final String DASHED = "5,3";
    private static final String DOTTED = "2,2";
    private static final String[] COLORS = { "#1f77b4", "#2ca02c", "#ff7f0e", "#d62728", "#9467bd", "#8c564b", "#17becf" };

    /** Two panels: events per second over the run (log scale, phases shaded) and the latency percentile spectra. */
    static String svg(Results results) {
        int width = 1000;
        int height = 800;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        throughputPanel(svg, results, 70, 40, 730, 290);
        latencyPanel(svg, results, 70, 440, 730, 300);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void throughputPanel(StringBuilder svg, Results results, int x0, int y0, int w, int h) {
        text(svg, x0, y0 - 15, "Throughput over the run (events per second, log scale)", "start", 14, "bold");
        int seconds = results.perSecond.values().stream().mapToInt(values -> values.length).max().orElse(0);
        seconds = Math.max(seconds, (int) Math.ceil(results.phases.stream().mapToDouble(Timeline.Phase::endSecond).max().orElse(1)));
        seconds = Math.max(seconds, 1);
        long peak = results.perSecond.values().stream().flatMapToLong(java.util.Arrays::stream).max().orElse(1);
        int decades = Math.max(1, (int) Math.ceil(Math.log10(Math.max(10, peak))));
        final int totalSeconds = seconds;
        java.util.function.DoubleUnaryOperator x = s -> x0 + s / totalSeconds * w;
        java.util.function.DoubleUnaryOperator y = v -> v < 1 ? y0 + h : y0 + h - Math.log10(v) / decades * h;
        // phases
        int shade = 0;
        for (Timeline.Phase phase : results.phases) {
            double left = x.applyAsDouble(phase.startSecond());
            double right = x.applyAsDouble(phase.endSecond());
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n",
                    left, y0, Math.max(0.5, right - left), h, shade++ % 2 == 0 ? "#eef2f7" : "#f7f3ea"));
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#555\" transform=\"rotate(-90 %.1f %d)\" text-anchor=\"end\">%s</text>\n",
                    left + 11, y0 + 4, left + 11, y0 + 4, escape(phase.name())));
        }
        // axes and grid
        for (int d = 0; d <= decades; d++) {
            double gy = y0 + h - (double) d / decades * h;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ccc\"/>\n", x0, gy, x0 + w, gy));
            text(svg, x0 - 6, gy + 4, String.format(Locale.ROOT, "%,d", (long) Math.pow(10, d)), "end", 11, null);
        }
        int step = niceStep(totalSeconds / 10.0);
        for (int s = 0; s <= totalSeconds; s += step) {
            double gx = x.applyAsDouble(s);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>\n", gx, y0 + h, gx, y0 + h + 4));
            text(svg, gx, y0 + h + 17, s + " s", "middle", 11, null);
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>\n", x0, y0, w, h));
        // series
        int color = 0;
        int legendY = y0 + 10;
        for (Map.Entry<String, long[]> series : results.perSecond.entrySet()) {
            String stroke = COLORS[color++ % COLORS.length];
            long[] values = series.getValue();
            // one polyline per run of non-zero seconds, so idle stretches do not pile up on the axis
            int i = 0;
            while (i < values.length) {
                if (values[i] == 0) {
                    i++;
                    continue;
                }
                StringBuilder points = new StringBuilder();
                int first = i;
                while (i < values.length && values[i] != 0) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(i + 0.5), y.applyAsDouble(values[i])));
                    i++;
                }
                if (i - first == 1) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f", x.applyAsDouble(first + 0.9), y.applyAsDouble(values[first])));
                }
                svg.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"1.5\" points=\"")
                        .append(points.toString().trim()).append("\"/>\n");
            }
            legend(svg, x0 + w + 15, legendY, stroke, series.getKey(), null);
            legendY += 20;
        }
    }

    private static void latencyPanel(StringBuilder svg, Results results, int x0, int y0, int w, int h) {
        text(svg, x0, y0 - 15, "Latency by percentile (ms, log scale): solid checkout→email, dashed checkout call, dotted "
                + "insert→Kafka (live)", "start", 14, "bold");
        double maxX = 4.5; // 99.99 % at 4, the maximum drawn at 4.5
        double low = Double.MAX_VALUE;
        double high = 0;
        List<List<Latency.Point>> spectra = new ArrayList<>();
        results.endToEnd.forEach(phase -> spectra.addAll(List.of(phase.checkoutSpectrum(), phase.endToEndSpectrum())));
        results.live.stream().filter(live -> live.lagSpectrum() != null).forEach(live -> spectra.add(live.lagSpectrum()));
        for (List<Latency.Point> spectrum : spectra) {
            for (Latency.Point point : spectrum) {
                if (point.millis() > 0) {
                    low = Math.min(low, point.millis());
                    high = Math.max(high, point.millis());
                }
            }
        }
        if (high == 0) {
            low = 1;
            high = 10;
        }
        int bottom = (int) Math.floor(Math.log10(low));
        int top = Math.max(bottom + 1, (int) Math.ceil(Math.log10(high)));
        java.util.function.DoubleUnaryOperator x = p -> x0 + (p >= 100 ? maxX : Math.min(4, -Math.log10(1 - p / 100))) / maxX * w;
        java.util.function.DoubleUnaryOperator y = ms -> y0 + h - (Math.log10(Math.max(ms, Math.pow(10, bottom))) - bottom) / (top - bottom) * h;
        for (int d = bottom; d <= top; d++) {
            double gy = y.applyAsDouble(Math.pow(10, d));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ccc\"/>\n", x0, gy, x0 + w, gy));
            text(svg, x0 - 6, gy + 4, d < 0 ? String.valueOf(Math.pow(10, d)) : String.format(Locale.ROOT, "%,d", (long) Math.pow(10, d)),
                    "end", 11, null);
        }
        String[] labels = { "0", "90", "99", "99.9", "99.99", "max" };
        double[] at = { 0, 90, 99, 99.9, 99.99, 100 };
        for (int i = 0; i < at.length; i++) {
            double gx = x.applyAsDouble(at[i]);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ccc\"/>\n", gx, y0, gx, y0 + h));
            text(svg, gx, y0 + h + 17, labels[i] + (i == 0 || i == at.length - 1 ? "" : " %"), "middle", 11, null);
        }
        double p50 = x.applyAsDouble(50);
        text(svg, p50, y0 + h + 17, "50 %", "middle", 11, null);
        text(svg, x0 + w / 2.0, y0 + h + 35, "percentile", "middle", 11, null);
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>\n", x0, y0, w, h));
        int color = 0;
        int legendY = y0 + 10;
        for (Results.E2ePhase phase : results.endToEnd) {
            String stroke = COLORS[color++ % COLORS.length];
            polyline(svg, phase.endToEndSpectrum(), x, y, stroke, null);
            polyline(svg, phase.checkoutSpectrum(), x, y, stroke, DASHED);
            String label = phase.mode().equals("closed") ? "closed, " + phase.users() + " users" : "open, " + rate(phase.offeredPerSecond()) + "/s";
            legend(svg, x0 + w + 15, legendY, stroke, label, null);
            legendY += 20;
        }
        for (Results.Live live : results.live) {
            if (live.lagSpectrum() == null || live.lagSpectrum().isEmpty()) {
                continue;
            }
            String stroke = COLORS[color++ % COLORS.length];
            polyline(svg, live.lagSpectrum(), x, y, stroke, DOTTED);
            legend(svg, x0 + w + 15, legendY, stroke, "live, " + (live.mode().equals("relay") ? live.writers() + " writers"
                    : rate(live.offeredPerSecond()) + " rows/s"), DOTTED);
            legendY += 20;
        }
    }

    private static void polyline(StringBuilder svg, List<Latency.Point> spectrum, java.util.function.DoubleUnaryOperator x,
            java.util.function.DoubleUnaryOperator y, String stroke, String dash) {
        if (spectrum == null || spectrum.isEmpty()) {
            return;
        }
        StringBuilder points = new StringBuilder();
        for (Latency.Point point : spectrum) {
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(point.percentile()), y.applyAsDouble(point.millis())));
        }
        svg.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"")
                .append(DASHED.equals(dash) ? "1.2" : "2").append('"').append(dashArray(dash)).append(" points=\"")
                .append(points.toString().trim()).append("\"/>\n");
    }

    /** A legend entry: a short line drawn like its series ({@code dash} null for solid), then the label. */
    private static void legend(StringBuilder svg, int x, int y, String color, String label, String dash) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>\n",
                x, y, x + 22, y, color, dashArray(dash)));
        text(svg, x + 28, y + 4, label, "start", 11, null);
    }

    private static String dashArray(String dash) {
        return dash == null ? "" : " stroke-dasharray=\"" + dash + "\"";
    }

    private static void text(StringBuilder svg, double x, double y, String text, String anchor, int size, String weight) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\"%s>%s</text>\n",
                x, y, anchor, size, weight == null ? "" : " font-weight=\"" + weight + "\"", escape(text)));
    }

    private static int niceStep(double raw) {
        for (int step : new int[] { 1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600 }) {
            if (step >= raw) {
                return step;
            }
        }
        return 1200;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
