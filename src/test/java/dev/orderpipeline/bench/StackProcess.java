package dev.orderpipeline.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The local stack (Kafka, Artemis, PostgreSQL, SMTP/IMAP) as its own JVM: {@code LocalStackMain}, durable (fsync
 * and synchronous commit on, Artemis journal synced). Reads its {@code KEY=value} lines up to READY; everything
 * else it prints goes to a log file.
 */
final class StackProcess implements AutoCloseable {

    private static final Pattern CONFIG_LINE = Pattern.compile("^[a-z][a-z0-9.-]*=\\S.*$");

    private final Process process;
    private final Path dataDirectory;
    private final Map<String, String> config;
    private final PrintStream commands;

    private StackProcess(Process process, Path dataDirectory, Map<String, String> config) {
        this.process = process;
        this.dataDirectory = dataDirectory;
        this.config = config;
        this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    static StackProcess start(String classpath, Path dataDirectory, List<String> jvmArgs, Path log, long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-Dstack.dir=" + dataDirectory);
        command.add("-Dstack.durable=true");
        command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        command.add("-cp");
        command.add(classpath);
        command.add("dev.orderpipeline.localstack.LocalStackMain");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        OutputStream logFile = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        CompletableFuture<Map<String, String>> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            Map<String, String> config = new LinkedHashMap<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    logFile) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    logFile.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    if (!ready.isDone()) {
                        if (line.equals("READY")) {
                            ready.complete(config);
                        } else if (CONFIG_LINE.matcher(line).matches()) {
                            int equals = line.indexOf('=');
                            config.put(line.substring(0, equals), line.substring(equals + 1));
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            ready.completeExceptionally(new IllegalStateException("The local stack ended before READY; see " + log));
        }, "bench-stack-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new StackProcess(process, dataDirectory, Map.copyOf(ready.get(timeoutSeconds, TimeUnit.SECONDS)));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("The local stack did not start in " + timeoutSeconds + " s; see " + log, e);
        }
    }

    Map<String, String> config() {
        return config;
    }

    String get(String key) {
        String value = config.get(key);
        if (value == null) {
            throw new IllegalStateException("The local stack printed no " + key + " (got " + config.keySet() + ")");
        }
        return value;
    }

    long pid() {
        return process.pid();
    }

    /**
     * CPU seconds of the stack: its JVM's process tree, and PostgreSQL, which {@code pg_ctl} detaches from it (its
     * postmaster is not a descendant), with every backend, ended ones included.
     */
    double cpuSeconds() {
        double jvm = ProcStats.treeCpuSeconds(process.pid());
        long postmaster = ProcStats.postmasterPid(dataDirectory.resolve("postgres"));
        boolean detached = postmaster > 0 && process.toHandle().descendants().noneMatch(child -> child.pid() == postmaster);
        return jvm + (detached ? ProcStats.serverCpuSeconds(postmaster) : 0);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            commands.println("exit");
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
