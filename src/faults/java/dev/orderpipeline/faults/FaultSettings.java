package dev.orderpipeline.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the fault suite does and where things are, from system properties ({@code -Dfaults.orders=100} on the Maven
 * command line reaches the suite). Defaults are the full suite; a smaller {@code faults.orders} and fuzz counts make
 * the fast subset.
 */
record FaultSettings(
        int orders,
        double ratePerSecond,
        Set<String> scenarios,
        int restBodies,
        int kafkaPayloadsPerTopic,
        int amqpPayloads,
        Duration kafkaDown,
        Duration artemisDown,
        Duration postgresDown,
        long seed,
        Duration settleTimeout,
        Path basedir,
        Path appJar,
        String stackClasspath,
        Path outputDirectory,
        String appHeap,
        boolean keepData) {

    /** Every scenario, in the order the suite runs them (the duplicate storm near the end, so it replays the most history). */
    static final Set<String> ALL = new LinkedHashSet<>(Arrays.asList(
            "kill", "kafka", "artemis", "two-instances", "postgres", "duplicate-storm", "fuzz-rest", "fuzz-brokers", "sigterm"));

    static FaultSettings fromSystemProperties() {
        Path basedir = Path.of(System.getProperty("faults.basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path target = basedir.resolve("target");
        String scenarioList = System.getProperty("faults.scenarios", "all").trim();
        Set<String> scenarios = scenarioList.isEmpty() || scenarioList.equals("all") ? ALL
                : Arrays.stream(scenarioList.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .collect(Collectors.toCollection(LinkedHashSet::new));
        for (String scenario : scenarios) {
            if (!ALL.contains(scenario)) {
                throw new IllegalArgumentException("Unknown fault scenario '" + scenario + "'; known: " + ALL);
            }
        }
        return new FaultSettings(
                Integer.getInteger("faults.orders", 500),
                Double.parseDouble(System.getProperty("faults.rate", "20")),
                scenarios,
                Integer.getInteger("faults.fuzz.rest", 10_000),
                Integer.getInteger("faults.fuzz.kafka", 1_000),
                Integer.getInteger("faults.fuzz.amqp", 1_000),
                Duration.ofSeconds(Integer.getInteger("faults.kafka-down-seconds", 20)),
                Duration.ofSeconds(Integer.getInteger("faults.artemis-down-seconds", 10)),
                Duration.ofSeconds(Integer.getInteger("faults.postgres-down-seconds", 10)),
                Long.getLong("faults.seed", System.nanoTime()),
                Duration.ofSeconds(Integer.getInteger("faults.settle-seconds", 300)),
                basedir,
                Path.of(System.getProperty("faults.app-jar", target.resolve("quarkus-app/quarkus-run.jar").toString())),
                stackClasspath(target),
                Path.of(System.getProperty("faults.output", target.resolve("faults").toString())),
                System.getProperty("faults.app-heap", "512m"),
                Boolean.getBoolean("faults.keep-data"));
    }

    boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }

    /** target/classes plus the dependencies the profile wrote to target/faults/stack.classpath (local stack servers). */
    private static String stackClasspath(Path target) {
        String explicit = System.getProperty("faults.stack-classpath");
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        Path file = Path.of(System.getProperty("faults.stack-classpath-file", target.resolve("faults/stack.classpath").toString()));
        try {
            String dependencies = Files.readString(file).trim();
            return target.resolve("classes") + java.io.File.pathSeparator + dependencies;
        } catch (IOException e) {
            throw new UncheckedIOException("No class path for the local stack at " + file
                    + ": run the suite with ./mvnw verify -Pfaults (the profile writes it)", e);
        }
    }
}
