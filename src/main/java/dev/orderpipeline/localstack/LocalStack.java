package dev.orderpipeline.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * Starts the real servers the application needs (PostgreSQL, Kafka, Artemis, SMTP) in this JVM, once, and
 * publishes their addresses and controls through {@link LocalStackControl}.
 *
 * <p>Only ever touched when the server classes are on the class path (dev mode and tests); the packaged
 * application does not contain them.
 */
final class LocalStack implements LocalStackMXBean {

    private static final Logger LOG = Logger.getLogger(LocalStack.class);

    private final LocalStackSettings settings;
    private final List<LocalServer> servers = new ArrayList<>();
    private Map<String, String> config = Map.of();
    /** Servers load plugins through the context class loader: restarts must see the one of the first start. */
    private final ClassLoader startClassLoader = LocalStack.class.getClassLoader();

    private LocalStack(LocalStackSettings settings) {
        this.settings = settings;
    }

    /** Starts the stack unless this JVM already runs one, and returns the configuration that points at it. */
    static synchronized Map<String, String> ensureStarted(LocalStackSettings settings) {
        Map<String, String> running = LocalStackControl.runningConfig();
        if (running != null) {
            return running;
        }
        LocalStack stack = new LocalStack(settings);
        stack.config = stack.start();
        LocalStackControl.register(stack);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
        return stack.config;
    }

    @Override
    public Map<String, String> getConfig() {
        return config;
    }

    @Override
    public void stop(String server) {
        run(server(server), false);
    }

    @Override
    public void start(String server) {
        run(server(server), true);
    }

    private LocalServer server(String name) {
        return servers.stream().filter(server -> server.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("The local stack has no server " + name));
    }

    private Map<String, String> start() {
        long began = System.nanoTime();
        if (!External.configured("QUARKUS_DATASOURCE_JDBC_URL", "quarkus.datasource.jdbc.url")) {
            servers.add(new LocalPostgres(settings));
        }
        if (!External.configured("KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap.servers")) {
            servers.add(new LocalKafka(settings));
        }
        if (!External.configured("AMQP_HOST", "amqp-host")) {
            servers.add(new LocalArtemis(settings));
        }
        if (!External.configured("QUARKUS_MAILER_HOST", "app.mail.host")) {
            servers.add(new LocalMail(settings));
        }
        CompletableFuture.allOf(servers.stream()
                .map(server -> CompletableFuture.runAsync(() -> startOrReuse(server)))
                .toArray(CompletableFuture[]::new)).join();

        Map<String, String> started = new LinkedHashMap<>();
        StringBuilder summary = new StringBuilder("Local stack ready in %d ms:".formatted((System.nanoTime() - began) / 1_000_000));
        for (LocalServer server : servers) {
            started.putAll(server.config());
            summary.append("\n  - ").append(server.describe());
        }
        LOG.info(summary);
        return Map.copyOf(started);
    }

    private void startOrReuse(LocalServer server) {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the local " + server.name() + " server: " + e.getMessage()
                    + (settings.fixedPorts() ? " (is another dev mode or server using its port?)" : ""), e);
        }
    }

    private void run(LocalServer server, boolean start) {
        Thread thread = Thread.currentThread();
        ClassLoader callerClassLoader = thread.getContextClassLoader();
        thread.setContextClassLoader(startClassLoader);
        try {
            if (start) {
                server.start();
            } else {
                server.stop();
            }
            LOG.infof("Local %s server %s", server.name(), start ? "started" : "stopped");
        } catch (Exception e) {
            throw new IllegalStateException("Could not " + (start ? "start" : "stop") + " local " + server.name(), e);
        } finally {
            thread.setContextClassLoader(callerClassLoader);
        }
    }

    private void close() {
        for (int i = servers.size() - 1; i >= 0; i--) {
            LocalServer server = servers.get(i);
            try {
                server.stop();
            } catch (Exception | LinkageError e) {
                System.err.println("Local " + server.name() + " did not stop cleanly: " + e);
            }
        }
        if (settings.deleteOnStop()) {
            deleteRecursively(settings.dataDirectory());
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + directory + ": " + e);
        }
    }

    /** Whether the user pointed the application at an external server, in which case none is started for it. */
    private static final class External {
        static boolean configured(String envName, String propertyName) {
            return isSet(System.getenv(envName)) || isSet(System.getProperty(propertyName));
        }

        private static boolean isSet(String value) {
            return value != null && !value.isBlank();
        }
    }
}
