package dev.orderpipeline.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.orderpipeline.harness.AppProcess;
import dev.orderpipeline.harness.ProcStats;

/** The outbox relay alone (issue 6): a pre-filled backlog of rows, announced once, drained into Kafka by the running instances. */
final class RelayPhase {

    private static final String RELAY_TOPIC = "bench-relay";

    private final BenchRun run;
    private final BenchSettings settings;
    private final Results results;
    private final Timeline timeline;
    private final StackServers stack;

    RelayPhase(BenchRun run) {
        this.run = run;
        this.settings = run.settings();
        this.results = run.results();
        this.timeline = run.timeline();
        this.stack = run.stack();
    }

    void relay(Database database, int instances, List<AppProcess> apps) throws Exception {
        if (!run.fits(settings.relayTimeoutSeconds() + 20, "relay with " + instances + " instance(s)")) {
            return;
        }
        run.settle(database, apps.get(0));
        RelayBench bench = new RelayBench(database, timeline);
        String topic = RELAY_TOPIC + "-" + instances;
        run.createTopics(topic);
        BenchRun.log("relay, " + instances + " instance(s): pre-filling " + settings.relayRows() + " rows ...");
        Map<String, Double> cpuBefore = new LinkedHashMap<>();
        apps.forEach(app -> cpuBefore.put(app.name(), app.cpuSeconds()));
        double[] machineBefore = ProcStats.machineCpuSeconds();
        double stackBefore = stack.cpuSeconds();
        double harnessBefore = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        long wallStart = System.nanoTime();
        long committed = bench.prefill(topic, settings.relayRows(), settings.relayPayloadBytes());
        RelayBench.Drain drain = bench.drain(topic, settings.relayRows(), committed,
                TimeUnit.SECONDS.toNanos(settings.relayTimeoutSeconds()));
        Map<String, Double> cpu = new LinkedHashMap<>();
        apps.forEach(app -> cpu.put(app.name(), app.cpuSeconds() - cpuBefore.get(app.name())));
        for (AppProcess app : apps) {
            app.checkRunning();
        }
        double[] machineAfter = ProcStats.machineCpuSeconds();
        double appsUsed = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
        double stackUsed = stack.cpuSeconds() - stackBefore;
        double harnessUsed = ProcStats.cpuSeconds(ProcessHandle.current().pid()) - harnessBefore;
        results.cpu.add(new Results.CpuShare("relay ×" + instances + " (pre-fill and drain)", (System.nanoTime() - wallStart) / 1e9,
                appsUsed, stackUsed, harnessUsed, Math.max(0, machineAfter[0] - machineBefore[0] - appsUsed - stackUsed - harnessUsed),
                machineAfter[1] - machineBefore[1]));
        timeline.phase("relay ×" + instances, committed, committed + (long) (drain.seconds() * 1e9));
        String note = drain.complete() ? "" : "not drained in " + settings.relayTimeoutSeconds() + " s: " + drain.drained()
                + " of " + drain.rows() + " rows; the rate is over what was drained";
        results.relay.add(new Results.Relay(instances, drain.drained(), settings.relayPayloadBytes(), drain.seconds(),
                drain.drained() / drain.seconds(), drain.failedAttempts(), cpu, note));
        BenchRun.log("  relay ×" + instances + ": " + drain.drained() + " rows in " + Report.fmt(drain.seconds()) + " s = "
                + Report.fmt(drain.drained() / drain.seconds()) + "/s " + note);
    }
}
