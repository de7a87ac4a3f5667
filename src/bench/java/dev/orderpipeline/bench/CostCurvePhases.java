package dev.orderpipeline.bench;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.orderpipeline.harness.AppProcess;
import dev.orderpipeline.harness.ProcStats;

/**
 * The cost curve (issue 12), end to end from checkout to the confirmation email: warm-up, idle, the closed loop, then
 * each fixed rate, each drained before the next; per phase the CPU of every process per confirmed order, latencies and
 * where the machine's CPU went; and the commits each order costs.
 */
final class CostCurvePhases {

    /** Each confirmed order's commits that wait for their own WAL flush, from the code (see the report). */
    private static final List<String> COMMITS = List.of(
            "checkout: order, lines, history, outbox",
            "inventory ← orders (per batch): inbox, reservation, outbox",
            "payment ← inventory: the simulated provider's own ledger (REQUIRES_NEW)",
            "payment ← inventory (per batch): inbox, payment, outbox",
            "checkout ← inventory (per batch): inbox, status STOCK_RESERVED",
            "inventory ← payments (per batch): inbox, reservation committed",
            "checkout ← payments (per batch): inbox, status CONFIRMED, email command in the outbox",
            "email worker ← AMQP: inbox, sent_email (SMTP inside)");
    /** The stage of the breakdown that the relay's lag histogram gives: bucket bounds, not exact percentiles. */
    static final String RELAY_STAGE = "outbox row → acknowledged by the broker (relay's histogram, bucket bounds; every row)";
    /** The smallest backlog bound of an open loop: a few seconds' worth at the lowest rates. */
    private static final long MIN_BACKLOG_BOUND = 50;

    private interface PhaseRun {
        LoadPhase.Outcome run() throws Exception;
    }

    private final BenchRun run;
    private final BenchSettings settings;
    private final Results results;
    private final Timeline timeline;
    private final StackServers stack;

    CostCurvePhases(BenchRun run) {
        this.run = run;
        this.settings = run.settings();
        this.results = run.results();
        this.timeline = run.timeline();
        this.stack = run.stack();
    }

    void endToEnd(ShopClient shop, Deliveries deliveries, AppProcess app, StackServers stack, Database database)
            throws Exception {
        long drain = TimeUnit.SECONDS.toNanos(settings.drainSeconds());
        if (run.fits(settings.warmupSeconds() + 10, "warm-up")) {
            BenchRun.log("warm-up: closed loop, " + settings.closedUsers() + " users, " + settings.warmupSeconds() + " s ...");
            LoadPhase.Outcome warmup = new LoadPhase(shop, deliveries, timeline)
                    .closedLoop(settings.closedUsers(), TimeUnit.SECONDS.toNanos(settings.warmupSeconds()), drain);
            timeline.phase("warm-up", warmup.startNanos(), warmup.endNanos());
            BenchRun.log("  warm-up: " + warmup.confirmed() + " confirmed, " + Report.fmt(warmup.confirmedPerSecond()) + "/s");
        }
        run.settle(database, app);
        idle(app, stack);
        Instant windowStart = Instant.now();
        RelayMeters.Reading relayAtStart = RelayMeters.read(List.of(app));
        long phaseNanos = TimeUnit.SECONDS.toNanos(settings.phaseSeconds());
        if (run.fits(settings.phaseSeconds() + 15, "closed loop")) {
            String name = "closed loop, " + settings.closedUsers() + " users";
            BenchRun.log(name + ", " + settings.phaseSeconds() + " s ...");
            measure(name, "closed", null, app, stack, database,
                    () -> new LoadPhase(shop, deliveries, timeline).closedLoop(settings.closedUsers(), phaseNanos, drain));
        }
        for (double rate : settings.rates()) {
            if (!run.settle(database, app)) {
                results.notes.add("Skipped open loop at " + Report.rate(rate) + "/s and above: the pipeline had not drained "
                        + "the previous phase's orders within " + BenchRun.SETTLE_SECONDS + " s");
                break;
            }
            if (!run.fits(settings.phaseSeconds() + settings.drainSeconds() / 2, "open loop at " + rate + "/s")) {
                continue;
            }
            String name = "open loop, " + Report.rate(rate) + "/s";
            long maxBacklog = Math.max(MIN_BACKLOG_BOUND, Math.round(rate * settings.maxBacklogSeconds()));
            BenchRun.log(name + ", " + settings.phaseSeconds() + " s (at most " + maxBacklog + " orders without their email) ...");
            measure(name, "open", rate, app, stack, database,
                    () -> new LoadPhase(shop, deliveries, timeline).openLoop(rate, phaseNanos, drain, maxBacklog));
        }
        run.settle(database, app);
        Instant windowEnd = Instant.now();
        commitsPerOrder(database, windowStart, windowEnd, RelayMeters.read(List.of(app)).minus(relayAtStart));
    }

    /**
     * Nothing offered, the pipeline drained: each process's CPU over {@code bench.idle-seconds}, what a pod burns
     * waiting for orders.
     */
    private void idle(AppProcess app, StackServers stack) throws Exception {
        if (!run.fits(settings.idleSeconds() + 5, "idle")) {
            return;
        }
        BenchRun.log("idle: nothing offered, " + settings.idleSeconds() + " s ...");
        CpuWindow window = CpuWindow.open(List.of(app), stack);
        Map<String, Double> before = processCpu(app, stack);
        long start = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(settings.idleSeconds()));
        Map<String, Double> used = minus(processCpu(app, stack), before);
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        results.cpu.add(window.close("idle"));
        timeline.phase("idle", start, end);
        Map<String, Double> percent = new LinkedHashMap<>();
        used.forEach((process, cpu) -> percent.put(process, CostCurve.percentOfCore(cpu, seconds)));
        results.idle = new Results.Idle(seconds, used, percent);
        app.checkRunning();
        BenchRun.log("  idle: application " + Report.fmt(percent.get(CostCurve.APPLICATION)) + " % of one core");
    }

    /** CPU seconds so far of the application and of each server, in the cost curve's column order. */
    private static Map<String, Double> processCpu(AppProcess app, StackServers stack) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put(CostCurve.APPLICATION, app.cpuSeconds());
        cpu.putAll(stack.cpuSecondsByServer());
        return cpu;
    }

    private static Map<String, Double> minus(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Double> used = new LinkedHashMap<>();
        after.forEach((process, seconds) -> used.put(process, seconds - before.getOrDefault(process, 0.0)));
        return used;
    }

    private Results.E2ePhase measure(String name, String mode, Double rate, AppProcess app, StackServers stack, Database database,
            PhaseRun load) throws Exception {
        Instant phaseStart = Instant.now();
        long wallStart = System.nanoTime();
        double[] machineBefore = ProcStats.machineCpuSeconds();
        double harnessCpu = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        double appCpu = app.cpuSeconds();
        double stackCpu = stack.cpuSeconds();
        Database.Counters before = database.counters();
        RelayMeters.Reading relayBefore = RelayMeters.read(List.of(app));
        Map<String, Double> processCpuBefore = processCpu(app, stack);
        LoadPhase.Outcome outcome = load.run();
        double appCpuUsed = app.cpuSeconds() - appCpu;
        double stackCpuUsed = stack.cpuSeconds() - stackCpu;
        double harnessCpuUsed = ProcStats.cpuSeconds(ProcessHandle.current().pid()) - harnessCpu;
        double[] machineAfter = ProcStats.machineCpuSeconds();
        double busy = machineAfter[0] - machineBefore[0];
        results.cpu.add(new Results.CpuShare(name, (System.nanoTime() - wallStart) / 1e9, appCpuUsed, stackCpuUsed, harnessCpuUsed,
                Math.max(0, busy - appCpuUsed - stackCpuUsed - harnessCpuUsed), machineAfter[1] - machineBefore[1]));
        Thread.sleep(600); // PostgreSQL publishes its statistics at most once a second per backend
        Database.Counters after = database.counters();
        // the cost curve counts until every order of the phase is done (bounded), so that all of its work is in
        boolean settled = run.settle(database, app);
        Map<String, Double> processCpuUsed = minus(processCpu(app, stack), processCpuBefore);
        long confirmedInAll = database.confirmedOrders(Timestamp.from(phaseStart), Timestamp.from(Instant.now()));
        results.curve.add(costPoint(name, rate, outcome, processCpuUsed, confirmedInAll, settled));
        timeline.phase(name, outcome.startNanos(), outcome.endNanos());
        long confirmed = Math.max(1, outcome.confirmed());
        Results.E2ePhase phase = new Results.E2ePhase(name, mode, rate, mode.equals("closed") ? settings.closedUsers() : null,
                (outcome.endNanos() - outcome.startNanos()) / 1e9, outcome.sent(), outcome.accepted(), outcome.httpErrors(),
                outcome.confirmed(), outcome.otherEmails(), outcome.timedOut(), outcome.confirmedPerSecond(),
                outcome.maxSendLagMillis(), outcome.checkout().summary(), outcome.endToEnd().summary(), appCpuUsed,
                appCpuUsed / confirmed * 1000, stackCpuUsed / confirmed * 1000,
                (after.transactions() - before.transactions()) / (double) confirmed,
                (after.walSyncs() - before.walSyncs()) / (double) confirmed,
                outcome.checkout().spectrum(), outcome.endToEnd().spectrum());
        results.endToEnd.add(phase);
        try {
            Map<String, String> stages = database.stages(Timestamp.from(phaseStart), Timestamp.from(Instant.now()));
            RelayMeters.Reading relay = RelayMeters.read(List.of(app)).minus(relayBefore);
            stages.put(RELAY_STAGE, relay.lagBound(0.5) + " / " + relay.lagBound(0.95));
            results.stages.put(name, stages);
        } catch (Exception e) {
            results.notes.add("Stage breakdown of " + name + " failed: " + e);
        }
        app.checkRunning();
        BenchRun.log(String.format("  %s: %d/%d confirmed, %s/s, checkout p99 %s ms, e2e p50 %s p99 %s ms, timeouts %d, errors %d", name,
                phase.confirmed(), phase.sent(), Report.fmt(phase.confirmedPerSecond()), Report.fmt(phase.checkout().p99()),
                Report.fmt(phase.endToEnd().p50()), Report.fmt(phase.endToEnd().p99()), phase.timedOut(), phase.httpErrors()));
        return phase;
    }

    /** The cost curve's point of a load phase: CPU per confirmed order per process, and whether the rate was kept. */
    private Results.CostPoint costPoint(String name, Double rate, LoadPhase.Outcome outcome, Map<String, Double> cpuUsed,
            long confirmedInAll, boolean settled) {
        long start = outcome.startNanos();
        double offeringSeconds = (outcome.offeringEndNanos() - start) / 1e9;
        double sentPerSecond = outcome.sent() / offeringSeconds;
        double steady = CostCurve.steadyRate(outcome.confirmationNanos(), start, outcome.offeringEndNanos());
        List<String> notKept = rate == null ? List.of()
                : CostCurve.notKeptBecause(rate, sentPerSecond, steady, outcome.cutShort(), outcome.backlog(), offeringSeconds,
                        outcome.timedOut(), outcome.httpErrors());
        return new Results.CostPoint(name, rate, rate == null ? settings.closedUsers() : null, offeringSeconds,
                (outcome.endNanos() - start) / 1e9, outcome.sent(), sentPerSecond, outcome.confirmed(), confirmedInAll, settled,
                outcome.confirmedPerSecond(),
                steady, rate == null ? null : notKept.isEmpty(), notKept, outcome.cutShort(), outcome.backlog(), outcome.timedOut(),
                outcome.httpErrors(), outcome.checkout().summary(), outcome.endToEnd().summary(), cpuUsed,
                CostCurve.msPerOrder(cpuUsed, confirmedInAll));
    }

    /**
     * The relay's share: its commits (one per batch, which deletes or marks what the brokers acknowledged), counted
     * by its own meter over the window, per order placed in it.
     */
    private void commitsPerOrder(Database database, Instant from, Instant to, RelayMeters.Reading relay) throws Exception {
        long orders = database.count("select count(*) from customer_order where created_at between ? and ?",
                Timestamp.from(from), Timestamp.from(to));
        long relayCommits = relay.batches();
        double relayPerOrder = orders == 0 ? Double.NaN : relayCommits / (double) orders;
        results.commitsPerOrder = new Results.CommitsPerOrder(COMMITS.size(), relayPerOrder, COMMITS.size() + relayPerOrder, COMMITS);
    }
}
