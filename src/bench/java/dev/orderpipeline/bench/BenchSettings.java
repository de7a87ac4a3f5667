package dev.orderpipeline.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmark's settings, from system properties ({@code -Dbench.<name>=...} on the Maven command line), each with its default. */
record BenchSettings(Path basedir, String classpath, int warmupSeconds, int closedUsers, int phaseSeconds, List<Double> rates,
        int drainSeconds, int relayRows, int relayPayloadBytes, int relayTimeoutSeconds, long producerRecords,
        List<Integer> jdbcConcurrency, int jdbcSeconds, List<String> appJvmArgs, List<String> stackJvmArgs,
        int products, int liveWriters, int liveSeconds, List<Double> liveRates,
        int liveRateWriters, int budgetSeconds, int idleSeconds, double maxBacklogSeconds) {

    static BenchSettings fromSystemProperties() {
        refuseRetired();
        int users = Integer.getInteger("bench.closed-users", 32);
        return new BenchSettings(Path.of(System.getProperty("bench.basedir", ".")).toAbsolutePath(),
                System.getProperty("bench.classpath", System.getProperty("java.class.path")),
                Integer.getInteger("bench.warmup-seconds", 120),
                users,
                Integer.getInteger("bench.phase-seconds", 30),
                Arrays.stream(System.getProperty("bench.rates", "10,20,50,100,200,400").split(",")).map(String::trim)
                        .map(Double::valueOf).toList(),
                Integer.getInteger("bench.drain-seconds", 45),
                Integer.getInteger("bench.relay-rows", 50_000),
                Integer.getInteger("bench.relay-payload-bytes", 512),
                Integer.getInteger("bench.relay-timeout-seconds", 90),
                Long.getLong("bench.producer-records", 200_000),
                Arrays.stream(System.getProperty("bench.jdbc-concurrency", "1,8," + users).split(",")).map(String::trim)
                        .map(Integer::valueOf).distinct().toList(),
                Integer.getInteger("bench.jdbc-seconds", 8),
                List.of(System.getProperty("bench.app-jvm-args", "-Xmx614m").trim().split("\\s+")),
                List.of(System.getProperty("bench.stack-jvm-args", "-Xmx1g").trim().split("\\s+")),
                Integer.getInteger("bench.products", 20),
                Integer.getInteger("bench.live-writers", 8),
                Integer.getInteger("bench.live-seconds", 20),
                Arrays.stream(System.getProperty("bench.live-rates", "1000").split(",")).map(String::trim)
                        .filter(rate -> !rate.isEmpty()).map(Double::valueOf).toList(),
                Integer.getInteger("bench.live-rate-writers", 4),
                Integer.getInteger("bench.budget-seconds", 1080),
                Integer.getInteger("bench.idle-seconds", 60),
                Double.parseDouble(System.getProperty("bench.max-backlog-seconds", "5")));
    }

    /**
     * Settings that no longer exist, refused with why rather than ignored: the benchmark sees each email in its SMTP
     * relay (SmtpFront), so the relay cannot be turned off, and there is no IMAP watcher to tune.
     */
    private static void refuseRetired() {
        String smtpFront = System.getProperty("bench.smtp-front");
        if (smtpFront != null && !Boolean.parseBoolean(smtpFront)) {
            throw new IllegalArgumentException("-Dbench.smtp-front=" + smtpFront + " is not possible: the SMTP relay "
                    + "(SmtpFront) is how the benchmark sees each email accepted, so it always runs; drop the property");
        }
        if (System.getProperty("bench.imap-idle-millis") != null) {
            throw new IllegalArgumentException("-Dbench.imap-idle-millis no longer applies: emails are seen in the SMTP "
                    + "relay (SmtpFront), not over IMAP; drop the property");
        }
    }

    Map<String, Object> describe() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("warmupSeconds", warmupSeconds);
        map.put("closedLoopUsers", closedUsers);
        map.put("phaseSeconds", phaseSeconds);
        map.put("openLoopRates", rates);
        map.put("drainSeconds", drainSeconds);
        map.put("relayRows", relayRows);
        map.put("relayPayloadBytes", relayPayloadBytes);
        map.put("producerRecords", producerRecords);
        map.put("jdbcConcurrency", jdbcConcurrency);
        map.put("jdbcSeconds", jdbcSeconds);
        map.put("appJvmArgs", appJvmArgs);
        map.put("stackJvmArgs", stackJvmArgs);
        map.put("products", products);
        map.put("liveWriters", liveWriters);
        map.put("liveSeconds", liveSeconds);
        map.put("liveRates", liveRates);
        map.put("liveRateWriters", liveRateWriters);
        map.put("idleSeconds", idleSeconds);
        map.put("maxBacklogSeconds", maxBacklogSeconds);
        map.put("durability", "PostgreSQL fsync=on, synchronous_commit=on, full_page_writes=on; Kafka acks=all; "
                + "Artemis persistent journal with datasync");
        return map;
    }
}
