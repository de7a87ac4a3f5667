package dev.orderpipeline.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The local stack ({@code LocalStackMain}: PostgreSQL, Kafka, Artemis, GreenMail) as a child JVM, driven over stdin. */
public final class StackProcess implements AutoCloseable {

    private static final Pattern CONFIG_LINE = Pattern.compile("^[a-z][a-zA-Z0-9.-]*=\\S.*$");

    private final Process process;
    private final Path dataDirectory;
    private final Map<String, String> config;
    private final PrintStream commands;
    private final BlockingQueue<String> answers;

    private StackProcess(Process process, Path dataDirectory, Map<String, String> config, BlockingQueue<String> answers) {
        this.process = process;
        this.dataDirectory = dataDirectory;
        this.config = config;
        this.answers = answers;
        this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /**
     * Starts {@code LocalStackMain} on {@code classpath} with {@code jvmArgs} (heap, {@code -Dstack.delete-on-stop=...})
     * first, writes its output to {@code log} and returns once it printed READY.
     */
    public static StackProcess start(String classpath, Path dataDirectory, List<String> jvmArgs, Path log, long timeoutSeconds)
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
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        OutputStream logFile = Files.newOutputStream(log);
        CompletableFuture<Map<String, String>> ready = new CompletableFuture<>();
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            Map<String, String> config = new LinkedHashMap<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    logFile) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    logFile.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    logFile.flush();
                    if (!ready.isDone()) {
                        if (line.equals("READY")) {
                            ready.complete(config);
                        } else if (CONFIG_LINE.matcher(line).matches()) {
                            int equals = line.indexOf('=');
                            config.put(line.substring(0, equals), line.substring(equals + 1));
                        }
                    } else if (line.startsWith("OK ") || line.startsWith("ERROR ")) {
                        answers.add(line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            ready.completeExceptionally(new IllegalStateException("The local stack ended before READY; see " + log));
            answers.add("ERROR the local stack process ended");
        }, "local-stack-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new StackProcess(process, dataDirectory, Map.copyOf(ready.get(timeoutSeconds, TimeUnit.SECONDS)), answers);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("The local stack did not start in " + timeoutSeconds + " s; see " + log, e);
        }
    }

    /** Everything the stack printed before READY. */
    public Map<String, String> config() {
        return config;
    }

    public String get(String key) {
        String value = config.get(key);
        if (value == null) {
            throw new IllegalStateException("The local stack printed no " + key + " (got " + config.keySet() + ")");
        }
        return value;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops a server (kafka, artemis, postgres, mail) and waits for the stack's answer. */
    public void stop(String server) {
        command("stop " + server);
    }

    /** Starts a stopped server again and waits for the stack's answer. */
    public void start(String server) {
        command("start " + server);
    }

    private synchronized void command(String line) {
        answers.clear();
        commands.println(line);
        try {
            String answer = answers.poll(180, TimeUnit.SECONDS);
            if (answer == null) {
                throw new IllegalStateException("The local stack did not answer '" + line + "' in 180 s");
            }
            if (!answer.equals("OK " + line)) {
                throw new IllegalStateException("The local stack answered '" + answer + "' to '" + line + "'");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * CPU seconds of the stack: its JVM's process tree, and PostgreSQL, which {@code pg_ctl} detaches from it (its
     * postmaster is not a descendant), with every backend, ended ones included.
     */
    public double cpuSeconds() {
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
