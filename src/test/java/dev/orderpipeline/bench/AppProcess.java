package dev.orderpipeline.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged application ({@code java -jar target/quarkus-app/quarkus-run.jar}) configured by environment only. */
final class AppProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private AppProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The environment of the production profile, from the local stack's printed configuration. */
    static Map<String, String> environment(StackProcess stack, int httpPort, String adminPassword, boolean api) {
        return Map.ofEntries(
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", stack.get("kafka.bootstrap.servers")),
                Map.entry("AMQP_HOST", stack.get("amqp-host")),
                Map.entry("AMQP_PORT", stack.get("amqp-port")),
                Map.entry("QUARKUS_DATASOURCE_JDBC_URL", stack.get("quarkus.datasource.jdbc.url")),
                Map.entry("QUARKUS_DATASOURCE_USERNAME", stack.get("quarkus.datasource.username")),
                Map.entry("QUARKUS_DATASOURCE_PASSWORD", stack.get("quarkus.datasource.password")),
                Map.entry("QUARKUS_MAILER_HOST", stack.get("app.mail.host")),
                Map.entry("QUARKUS_MAILER_PORT", stack.get("app.mail.port")),
                Map.entry("QUARKUS_MAILER_FROM", "orders@bench.order-pipeline.local"),
                Map.entry("APP_ADMIN_USERNAME", "admin"),
                Map.entry("APP_ADMIN_PASSWORD", adminPassword),
                Map.entry("APP_ROLE_API_ENABLED", String.valueOf(api)),
                Map.entry("QUARKUS_HTTP_PORT", String.valueOf(httpPort)));
    }

    static AppProcess start(String name, Path runJar, List<String> jvmArgs, Map<String, String> environment, Path log,
            long timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(runJar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Only what the production profile reads: nothing of the harness's own configuration leaks in.
        builder.environment().keySet().removeIf(key -> key.startsWith("QUARKUS_") || key.startsWith("APP_")
                || key.startsWith("KAFKA_") || key.startsWith("AMQP_"));
        builder.environment().putAll(environment);
        AppProcess app = new AppProcess(name, builder.start(), Integer.parseInt(environment.get("QUARKUS_HTTP_PORT")), log);
        app.awaitReady(timeoutSeconds, log);
        return app;
    }

    private void awaitReady(long timeoutSeconds, Path log) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " during start; see " + log);
            }
            try {
                HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException(name + " not ready in " + timeoutSeconds + " s; see " + log);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Throws if the process ended or began shutting down, which the benchmark never asks for while it measures. */
    void checkRunning() {
        boolean shuttingDown = tail(64 * 1024).contains("[Error Occurred After Shutdown]");
        if (!process.isAlive() || shuttingDown) {
            throw new IllegalStateException(name + " was stopped from outside the benchmark (" + (process.isAlive()
                    ? "shutting down" : "exit " + process.exitValue()) + "); see " + log
                    + ". Is another session killing java processes by name (pkill -f quarkus-run)?");
        }
    }

    private String tail(int bytes) {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - bytes);
            byte[] buffer = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(buffer);
            return new String(buffer, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    String name() {
        return name;
    }

    double cpuSeconds() {
        return ProcStats.cpuSeconds(process.pid());
    }

    double peakRssMib() {
        return ProcStats.peakRssMib(process.pid());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
