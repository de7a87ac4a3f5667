package dev.orderpipeline.harness;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import dev.orderpipeline.platform.security.AdminPasswordPolicy;

/** The packaged application ({@code quarkus-run.jar}, prod profile) as a child process, configured by environment only. */
public final class AppProcess implements AutoCloseable {

    private static final HttpClient HEALTH = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * The JVM flags the container image runs the application with (src/main/docker/Dockerfile.jvm), so that the
     * harnesses measure what ships; each instance's own arguments follow them. The serial collector suits a heap
     * under a gigabyte on two CPUs; the JIT is the default tiered one (C1, then C2 for hot code).
     */
    public static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC");

    private final String name;
    private final Path jar;
    private final List<String> jvmArgs;
    private final Map<String, String> environment;
    private final int port;
    /** The management interface's port: health and metrics. */
    private final int managementPort;
    /** Null: the harness's own working directory. */
    private final Path workingDirectory;
    /** The log file of the n-th start (1, 2, ...). */
    private final IntFunction<Path> logOfStart;
    private Process process;
    private int starts;
    private Path currentLog;

    private AppProcess(String name, Path jar, List<String> jvmArgs, Map<String, String> environment, Path workingDirectory,
            IntFunction<Path> logOfStart) {
        this.name = name;
        this.jar = jar;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.environment = Map.copyOf(environment);
        this.port = Integer.parseInt(environment.get("QUARKUS_HTTP_PORT"));
        this.managementPort = Integer.parseInt(environment.getOrDefault("QUARKUS_MANAGEMENT_PORT", "9000"));
        this.workingDirectory = workingDirectory;
        this.logOfStart = logOfStart;
    }

    /**
     * An instance to {@link #start()}, {@link #kill()}, {@link #stop()} and start again, run in the jar's directory;
     * each start logs to {@code <logDirectory>/<name>-<n>.log}.
     */
    public static AppProcess restartable(String name, Path jar, List<String> jvmArgs, Map<String, String> environment,
            Path logDirectory) {
        return new AppProcess(name, jar, jvmArgs, environment, jar.getParent(),
                start -> logDirectory.resolve(name + "-" + start + ".log"));
    }

    /** Starts an instance in the harness's working directory, logging to {@code log}, and waits until it is ready. */
    public static AppProcess start(String name, Path jar, List<String> jvmArgs, Map<String, String> environment, Path log,
            long timeoutSeconds) throws IOException, InterruptedException {
        AppProcess app = new AppProcess(name, jar, jvmArgs, environment, null, start -> log);
        app.start();
        try {
            app.awaitReady(Duration.ofSeconds(timeoutSeconds));
        } catch (IllegalStateException e) {
            app.close();
            throw e;
        }
        return app;
    }

    /** The environment the README's configuration table asks for, pointed at the local stack. */
    public static Map<String, String> environment(StackProcess stack, int httpPort, String mailFrom, String adminUsername,
            String adminPassword) {
        return environment(stack::get, httpPort, mailFrom, adminUsername, adminPassword);
    }

    /** The same, from the servers' configuration keys however they were started ({@code stack}: key → value). */
    public static Map<String, String> environment(java.util.function.UnaryOperator<String> stack, int httpPort, String mailFrom,
            String adminUsername, String adminPassword) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.apply("kafka.bootstrap.servers"));
        env.put("AMQP_HOST", stack.apply("amqp-host"));
        env.put("AMQP_PORT", stack.apply("amqp-port"));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", stack.apply("quarkus.datasource.jdbc.url"));
        env.put("QUARKUS_DATASOURCE_USERNAME", stack.apply("quarkus.datasource.username"));
        env.put("QUARKUS_DATASOURCE_PASSWORD", stack.apply("quarkus.datasource.password"));
        env.put("QUARKUS_MAILER_HOST", stack.apply("app.mail.host"));
        env.put("QUARKUS_MAILER_PORT", stack.apply("app.mail.port"));
        env.put("QUARKUS_MAILER_FROM", mailFrom);
        env.put("APP_ADMIN_USERNAME", adminUsername);
        env.put("APP_ADMIN_PASSWORD", adminPassword);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(freePort()));
        return env;
    }

    /** A random admin password long enough for the prod profile, which refuses shorter ones at start-up. */
    public static String newAdminPassword() {
        String password = "admin-" + UUID.randomUUID();
        if (password.length() < AdminPasswordPolicy.PRODUCTION_MIN_LENGTH) {
            throw new IllegalStateException("generated admin password shorter than the production minimum");
        }
        return password;
    }

    /** A free loopback port. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The management interface: {@code /q/health/*} and {@code /q/metrics}. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts the process (again, after {@link #kill()} or {@link #stop()}); does not wait for readiness. */
    public synchronized void start() throws IOException {
        if (alive()) {
            throw new IllegalStateException(name + " is already running");
        }
        starts++;
        currentLog = logOfStart.apply(starts);
        Files.createDirectories(currentLog.getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(currentLog.toFile()));
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        // Nothing of the harness's own configuration may leak in: only what the README documents.
        builder.environment().keySet().removeIf(key -> key.startsWith("QUARKUS_") || key.startsWith("KAFKA_")
                || key.startsWith("AMQP_") || key.startsWith("APP_") || key.startsWith("MP_MESSAGING"));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** Waits until /q/health/ready (management interface) answers 200, or fails if the process ended. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready; see " + currentLog);
            }
            try {
                if (HEALTH.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; see " + currentLog);
    }

    /**
     * Fails if the process ended or began shutting down although the harness did not stop it (exit 143 = a SIGTERM
     * from outside the harness).
     */
    public void checkRunning() {
        boolean shuttingDown = alive() && tail(64 * 1024).contains("[Error Occurred After Shutdown]");
        if (!alive() || shuttingDown) {
            String how = process == null ? "was never started"
                    : shuttingDown ? "is shutting down"
                    : "ended with exit code " + process.exitValue() + (process.exitValue() == 143 ? " (SIGTERM)" : "");
            throw new IllegalStateException(name + " (pid " + pid() + ") " + how + " although the harness did not stop it; see "
                    + currentLog + ". Did another tool on this machine stop Java processes (pkill -f quarkus-run)?");
        }
    }

    private String tail(int bytes) {
        try (RandomAccessFile file = new RandomAccessFile(currentLog.toFile(), "r")) {
            long start = Math.max(0, file.length() - bytes);
            byte[] buffer = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(buffer);
            return new String(buffer, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** utime + stime of the running process in seconds, or NaN. */
    public double cpuSeconds() {
        return ProcStats.cpuSeconds(pid());
    }

    /** Peak resident set size of the running process in MiB, or NaN. */
    public double peakRssMib() {
        return ProcStats.peakRssMib(pid());
    }

    /** SIGKILL: no shutdown hook, no graceful close of anything. */
    public synchronized void kill() throws InterruptedException {
        if (alive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM, the way an orchestrator stops a pod; SIGKILL after 60 s. */
    public synchronized void stop() throws InterruptedException {
        terminate(60, 30);
    }

    /** SIGTERM, as {@link #stop()}, and how long the process took to end (over 60 s: it was SIGKILLed). */
    public synchronized Duration stopTimed() throws InterruptedException {
        long began = System.nanoTime();
        terminate(60, 30);
        return Duration.ofNanos(System.nanoTime() - began);
    }

    /** SIGTERM at the end of a run; SIGKILL after 30 s. */
    @Override
    public synchronized void close() throws InterruptedException {
        terminate(30, 10);
    }

    private void terminate(long graceSeconds, long afterKillSeconds) throws InterruptedException {
        if (alive()) {
            process.destroy();
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(afterKillSeconds, TimeUnit.SECONDS);
            }
        }
    }
}
