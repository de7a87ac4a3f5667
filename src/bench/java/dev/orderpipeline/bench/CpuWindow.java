package dev.orderpipeline.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.orderpipeline.harness.AppProcess;
import dev.orderpipeline.harness.ProcStats;

/** Where the machine's CPU went between {@link #open} and {@link #close}: the applications, the stack, the harness, the rest. */
final class CpuWindow {

    private final List<AppProcess> apps;
    private final StackServers stack;
    private final long startNanos = System.nanoTime();
    private final double[] machine = ProcStats.machineCpuSeconds();
    private final Map<String, Double> appCpu = new LinkedHashMap<>();
    private final double stackCpu;
    private final double harnessCpu = ProcStats.cpuSeconds(ProcessHandle.current().pid());

    private CpuWindow(List<AppProcess> apps, StackServers stack) {
        this.apps = List.copyOf(apps);
        this.stack = stack;
        this.apps.forEach(app -> appCpu.put(app.name(), app.cpuSeconds()));
        this.stackCpu = stack.cpuSeconds();
    }

    /** Starts counting; {@code apps} may be empty (no application running). */
    static CpuWindow open(List<AppProcess> apps, StackServers stack) {
        return new CpuWindow(apps, stack);
    }

    /** CPU seconds each application used since {@link #open}. */
    Map<String, Double> appSeconds() {
        Map<String, Double> used = new LinkedHashMap<>();
        apps.forEach(app -> used.put(app.name(), app.cpuSeconds() - appCpu.get(app.name())));
        return used;
    }

    /** The share of each since {@link #open}, as a row of the CPU table named {@code phase}. */
    Results.CpuShare close(String phase) {
        double appsUsed = appSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
        double stackUsed = stack.cpuSeconds() - stackCpu;
        double harnessUsed = ProcStats.cpuSeconds(ProcessHandle.current().pid()) - harnessCpu;
        double[] after = ProcStats.machineCpuSeconds();
        return new Results.CpuShare(phase, (System.nanoTime() - startNanos) / 1e9, appsUsed, stackUsed, harnessUsed,
                Math.max(0, after[0] - machine[0] - appsUsed - stackUsed - harnessUsed), after[1] - machine[1]);
    }
}
