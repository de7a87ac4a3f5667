package dev.orderpipeline.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code java -jar target/quarkus-app/quarkus-run.jar}, prod profile) as a process of its
 * own, configured only through the environment variables the README documents, so that it can be SIGKILLed.
 */
final class AppProcess {

    private static final HttpClient HEALTH = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final Map<String, String> environment;
    private final int port;
    private final Path logDirectory;
    private final String heap;
    private Process process;
    private int starts;
    private Path currentLog;

    AppProcess(String name, Path jar, Map<String, String> environment, int port, Path logDirectory, String heap) {
        this.name = name;
        this.jar = jar;
        this.environment = Map.copyOf(environment);
        this.port = port;
        this.logDirectory = logDirectory;
        this.heap = heap;
    }

    /** The environment the README's configuration table asks for, pointed at the local stack. */
    static Map<String, String> environment(StackProcess stack, int httpPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.get("kafka.bootstrap.servers"));
        env.put("AMQP_HOST", stack.get("amqp-host"));
        env.put("AMQP_PORT", stack.get("amqp-port"));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", stack.get("quarkus.datasource.jdbc.url"));
        env.put("QUARKUS_DATASOURCE_USERNAME", stack.get("quarkus.datasource.username"));
        env.put("QUARKUS_DATASOURCE_PASSWORD", stack.get("quarkus.datasource.password"));
        env.put("QUARKUS_MAILER_HOST", stack.get("app.mail.host"));
        env.put("QUARKUS_MAILER_PORT", stack.get("app.mail.port"));
        env.put("QUARKUS_MAILER_FROM", "orders@faults.example");
        env.put("APP_ADMIN_USERNAME", FaultSuiteIT.ADMIN);
        env.put("APP_ADMIN_PASSWORD", FaultSuiteIT.ADMIN_PASSWORD);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        return env;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    Path log() {
        return currentLog;
    }

    synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        starts++;
        Files.createDirectories(logDirectory);
        currentLog = logDirectory.resolve(name + "-" + starts + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(currentLog.toFile()))
                .directory(jar.getParent().toFile());
        // Nothing of the caller's own configuration may leak in: only what the README documents.
        builder.environment().keySet().removeIf(key -> key.startsWith("QUARKUS_") || key.startsWith("KAFKA_")
                || key.startsWith("AMQP_") || key.startsWith("APP_") || key.startsWith("MP_MESSAGING"));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** Waits until /q/health/ready answers 200, or fails if the process ended. */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
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

    /** SIGKILL: no shutdown hook, no graceful close of anything. */
    synchronized void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM, the way an orchestrator stops a pod; SIGKILL after 60 s. */
    synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Fails if the process ended although the suite did not stop it (exit 143 = a SIGTERM from outside the suite). */
    void assertAlive() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(name + " (pid " + pid() + ") ended unexpectedly with exit code "
                    + (process == null ? "none" : process.exitValue()) + (process != null && process.exitValue() == 143
                            ? " (SIGTERM from outside the suite: did another tool on this machine stop Java processes?)" : "")
                    + "; see " + currentLog);
        }
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }
}
