package dev.orderpipeline.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.orderpipeline.harness.ProcStats;
import dev.orderpipeline.harness.StackProcess;

/**
 * The local stack split into one process per server ({@code LocalStackMain} four times, each told that the other three
 * servers are external), so that the CPU of Kafka, Artemis, PostgreSQL and the SMTP server is each its own.
 *
 * <p>Invariant: {@link #get} answers every key any of the four printed; {@link #cpuSeconds(String)} is one server's own
 * CPU (PostgreSQL: its postmaster and backends, not the JVM that launched it).
 */
final class StackServers implements AutoCloseable {

    /** The processes of the cost curve, in the order of its columns. */
    static final String POSTGRES = "PostgreSQL";
    static final String KAFKA = "Kafka";
    static final String ARTEMIS = "Artemis";
    static final String SMTP = "SMTP server (GreenMail)";

    /**
     * Each server, with the configuration key by which {@code LocalStack} recognises it as external (the key the
     * application is pointed with, which the server prints when it runs): a JVM given the other three runs only it.
     */
    private static final Map<String, String> EXTERNAL_KEY = Map.of(
            POSTGRES, "quarkus.datasource.jdbc.url",
            KAFKA, "kafka.bootstrap.servers",
            ARTEMIS, "amqp-host",
            SMTP, "app.mail.host");

    private final Map<String, StackProcess> processes;
    private final Path postgresData;
    private final Map<String, String> config = new LinkedHashMap<>();

    private StackServers(Map<String, StackProcess> processes, Path postgresData) {
        this.processes = processes;
        this.postgresData = postgresData;
        processes.values().forEach(process -> config.putAll(process.config()));
    }

    /**
     * Starts the four servers, one after the other (they would compete for the two CPUs anyway), each in a data
     * directory and log of its own under {@code directory}; {@code jvmArgs} per server name (heap sizes).
     */
    static StackServers start(String classpath, Path directory, Map<String, List<String>> jvmArgs, long timeoutSeconds)
            throws Exception {
        Map<String, StackProcess> started = new LinkedHashMap<>();
        try {
            for (String server : List.of(POSTGRES, KAFKA, ARTEMIS, SMTP)) {
                List<String> args = new ArrayList<>(jvmArgs.getOrDefault(server, List.of()));
                EXTERNAL_KEY.forEach((other, key) -> {
                    if (!other.equals(server)) {
                        args.add("-D" + key + "=external");
                    }
                });
                started.put(server, StackProcess.start(classpath, directory.resolve(slug(server)), args,
                        directory.resolve(slug(server) + ".log"), timeoutSeconds));
            }
        } catch (Exception e) {
            for (StackProcess process : started.values()) {
                process.close();
            }
            throw e;
        }
        return new StackServers(started, directory.resolve(slug(POSTGRES)).resolve("postgres"));
    }

    static List<String> names() {
        return List.of(KAFKA, ARTEMIS, POSTGRES, SMTP);
    }

    String get(String key) {
        String value = config.get(key);
        if (value == null) {
            throw new IllegalStateException("No server of the stack printed " + key + " (got " + config.keySet() + ")");
        }
        return value;
    }

    Map<String, String> config() {
        return Map.copyOf(config);
    }

    /** One server's CPU seconds so far ({@link #names()}), NaN if it is gone. */
    double cpuSeconds(String server) {
        if (server.equals(POSTGRES)) {
            return ProcStats.serverCpuSeconds(ProcStats.postmasterPid(postgresData));
        }
        return processes.get(server).cpuSeconds();
    }

    /** Every server's CPU seconds so far, in the order of {@link #names()}. */
    Map<String, Double> cpuSecondsByServer() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        names().forEach(server -> cpu.put(server, cpuSeconds(server)));
        return cpu;
    }

    /** All four processes, the JVM that launched PostgreSQL included. */
    double cpuSeconds() {
        return processes.values().stream().mapToDouble(StackProcess::cpuSeconds).sum();
    }

    /** Peak resident memory of each server's JVM (PostgreSQL's shared memory is not a JVM's: left out). */
    Map<String, Double> peakRssMib() {
        Map<String, Double> rss = new LinkedHashMap<>();
        for (String server : List.of(KAFKA, ARTEMIS, SMTP)) {
            rss.put(server + " JVM", ProcStats.peakRssMib(processes.get(server).pid()));
        }
        return rss;
    }

    @Override
    public void close() throws InterruptedException {
        List<StackProcess> reversed = new ArrayList<>(processes.values());
        java.util.Collections.reverse(reversed);
        for (StackProcess process : reversed) {
            process.close();
        }
    }

    private static String slug(String server) {
        return server.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]+.*", "");
    }
}
