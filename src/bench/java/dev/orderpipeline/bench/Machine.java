package dev.orderpipeline.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** What this run ran on. */
final class Machine {

    private Machine() {
    }

    static Results.Machine describe() {
        return new Results.Machine(Runtime.getRuntime().availableProcessors(), field("/proc/cpuinfo", "model name"),
                Math.round(kib("/proc/meminfo", "MemTotal") / 1024.0 / 1024.0 * 10) / 10.0, os(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                "./mvnw verify -Pbench");
    }

    /** The first three fields of /proc/loadavg. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String os() {
        String pretty = field("/etc/os-release", "PRETTY_NAME").replace("\"", "");
        return pretty + ", Linux " + System.getProperty("os.version");
    }

    private static double kib(String file, String name) {
        try {
            return Double.parseDouble(field(file, name).split("\\s+")[0]);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String field(String file, String name) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(name)) {
                    int separator = line.indexOf(':') >= 0 && !file.endsWith("os-release") ? line.indexOf(':') : line.indexOf('=');
                    return line.substring(separator + 1).trim();
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return "unknown";
    }
}
