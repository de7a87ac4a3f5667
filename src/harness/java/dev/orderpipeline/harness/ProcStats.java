package dev.orderpipeline.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** CPU time and peak resident memory of a process, from Linux's /proc. */
public final class ProcStats {

    /** Clock ticks per second of utime/stime in /proc/<pid>/stat (USER_HZ, 100 on Linux for decades). */
    public static final double TICKS_PER_SECOND = ticksPerSecond();

    private ProcStats() {
    }

    /** utime + stime of the process in seconds, or NaN if it is gone. */
    public static double cpuSeconds(long pid) {
        try {
            return cpuTicks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** CPU seconds of a process and all its live descendants (the local stack JVM and its PostgreSQL processes). */
    public static double treeCpuSeconds(long pid) {
        return ProcessHandle.of(pid).map(handle -> Stream.concat(Stream.of(handle), handle.descendants())
                .mapToDouble(process -> {
                    double seconds = cpuSeconds(process.pid());
                    return Double.isNaN(seconds) ? 0 : seconds;
                }).sum()).orElse(Double.NaN);
    }

    /**
     * CPU seconds of a server that forks a process per connection (PostgreSQL's postmaster): its own, its live
     * descendants', and those of the children it has waited for (cutime + cstime), so that a backend that ended during
     * a phase still counts. NaN if it is gone.
     */
    public static double serverCpuSeconds(long pid) {
        try {
            double own = cpuTicksWithWaitedChildren(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))) / TICKS_PER_SECOND;
            return own + treeCpuSeconds(pid) - cpuSeconds(pid);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The postmaster's pid: the first line of {@code postmaster.pid} in a PostgreSQL data directory, or -1. */
    public static long postmasterPid(Path dataDirectory) {
        try {
            return parsePostmasterPid(Files.readString(dataDirectory.resolve("postmaster.pid")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    public static long parsePostmasterPid(String content) {
        return Long.parseLong(content.lines().findFirst().orElseThrow().trim());
    }

    /** The whole machine's CPU seconds since boot: {busy, idle} (idle includes iowait), from /proc/stat. */
    public static double[] machineCpuSeconds() {
        try {
            return parseMachineCpu(Files.readAllLines(Path.of("/proc/stat")).get(0));
        } catch (IOException | RuntimeException e) {
            return new double[] { Double.NaN, Double.NaN };
        }
    }

    public static double[] parseMachineCpu(String cpuLine) {
        String[] fields = cpuLine.trim().split("\\s+");
        double total = 0;
        for (int i = 1; i < Math.min(fields.length, 9); i++) { // user nice system idle iowait irq softirq steal
            total += Long.parseLong(fields[i]);
        }
        double idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
        return new double[] { (total - idle) / TICKS_PER_SECOND, idle / TICKS_PER_SECOND };
    }

    /** Peak resident set size (VmHWM) in MiB, or NaN. */
    public static double peakRssMib(long pid) {
        return statusKib(pid, "VmHWM") / 1024.0;
    }

    public static double statusKib(long pid, String field) {
        try {
            return parseStatusKib(Files.readString(Path.of("/proc", String.valueOf(pid), "status")), field);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** utime + stime (fields 14 and 15) of a /proc/<pid>/stat line; the command name may contain spaces and ')'. */
    public static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** utime + stime + cutime + cstime (fields 14 to 17): a process's CPU and that of the children it waited for. */
    public static long cpuTicksWithWaitedChildren(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    }

    public static double parseStatusKib(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field + ":")) {
                return Double.parseDouble(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return Double.NaN;
    }

    private static double ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            getconf.waitFor();
            return Double.parseDouble(out);
        } catch (Exception e) {
            return 100;
        }
    }
}
