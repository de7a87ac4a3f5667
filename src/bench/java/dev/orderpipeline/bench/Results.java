package dev.orderpipeline.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one benchmark run measured: rendered as Markdown, JSON and SVG by {@link Report}. */
final class Results {

    record Machine(int cpus, String cpuModel, double memoryGib, String os, String java, String command) {
    }

    /** One load phase of the end-to-end benchmark. */
    record E2ePhase(String name, String mode, Double offeredPerSecond, Integer users, double seconds, long sent,
            long accepted, long httpErrors, long confirmed, long otherEmails, long timedOut, double confirmedPerSecond,
            double maxSendLagMillis, Latency.Summary checkout, Latency.Summary endToEnd, double appCpuSeconds,
            double appCpuSecondsPer1000, double stackCpuSecondsPer1000, double pgTransactionsPerOrder,
            double walSyncsPerOrder, List<Latency.Point> checkoutSpectrum, List<Latency.Point> endToEndSpectrum) {
    }

    /**
     * One point of the cost curve (issue 12): a load phase's CPU per confirmed order for each process, whether its
     * fixed offered rate was kept, and its latencies. {@code offeredPerSecond} null: the closed loop. {@code confirmed}:
     * emails seen before the drain's end; {@code confirmedInAll}: the phase's orders confirmed once the pipeline had
     * settled ({@code settled}), which CPU counts up to, so that every order's work is in and divided by what it bought.
     */
    record CostPoint(String load, Double offeredPerSecond, Integer users, double offeringSeconds, double seconds, long sent,
            double sentPerSecond, long confirmed, long confirmedInAll, boolean settled, double confirmedPerSecond, double steadyConfirmedPerSecond, Boolean kept,
            List<String> notKeptBecause, boolean cutShort, long backlog, long timedOut, long httpErrors,
            Latency.Summary checkout, Latency.Summary endToEnd, Map<String, Double> cpuSeconds,
            Map<String, Double> cpuMsPerOrder) {
    }

    /** Each process's CPU over a window with no load at all (the pipeline drained), and as % of one core. */
    record Idle(double seconds, Map<String, Double> cpuSeconds, Map<String, Double> percentOfCore) {
    }

    record Relay(int instances, long rows, int payloadBytes, double seconds, double eventsPerSecond, long failedAttempts,
            Map<String, Double> appCpuSeconds, String note) {
    }

    /**
     * One phase of the live relay benchmark: JDBC writers committing one outbox row per transaction, with no
     * application running ({@code alone}) or with
     * the relay of app-1 running ({@code relay}: closed loop; {@code rate}: a fixed rate), and for the latter the rows' lag into the harness's Kafka consumer and the relay's batches
     * (its transactions, by its own outbox_relay_batch meter) that carried them.
     */
    record Live(String name, String mode, int writers, Double offeredPerSecond, int payloadBytes, double seconds, long commits,
            double commitsPerSecond, double maxScheduleLagMillis, Long received, Long missing, Long duplicates,
            Latency.Summary lagFromCommit, Latency.Summary lagFromCreatedAt, List<Latency.Point> lagSpectrum,
            Long relayBatches, Map<String, Double> appCpuSeconds) {
    }

    record ProducerBaseline(long records, int recordSize, double recordsPerSecond, double mibPerSecond,
            double avgLatencyMillis, double p99LatencyMillis, String props, String rawSummary) {
    }

    record JdbcBaseline(int concurrency, double seconds, long commits, double commitsPerSecond) {
    }

    /** Commits a confirmed order costs, counted from the code, with the relay's batches measured. */
    record CommitsPerOrder(int perMessageCommits, double relayCommitsMeasured, double total, List<String> breakdown) {
    }

    record Ratio(String name, Double value, String formula) {
    }

    record Goal(String goal, String measured, String verdict) {
    }

    String startedAt;
    Machine machine;
    Map<String, Object> settings = new LinkedHashMap<>();
    List<E2ePhase> endToEnd = new ArrayList<>();
    List<Relay> relay = new ArrayList<>();
    List<Live> live = new ArrayList<>();
    /** 1 − (writers' commits/s with the relay running ÷ without), from {@link #live}; null if not both measured. */
    Double liveSlowdown;
    ProducerBaseline kafkaProducer;
    List<JdbcBaseline> jdbc = new ArrayList<>();
    CommitsPerOrder commitsPerOrder;
    /** Where the machine's CPU went during a phase, in CPU seconds. */
    record CpuShare(String phase, double seconds, double app, double stack, double harness, double otherProcesses, double idle) {
    }

    List<CpuShare> cpu = new ArrayList<>();
    /** Per phase: stage → "p50 / p95" ms from the database's timestamps. */
    Map<String, Map<String, String>> stages = new LinkedHashMap<>();
    List<Ratio> ratios = new ArrayList<>();
    Map<String, Double> peakRssMib = new LinkedHashMap<>();
    long duplicateEmails;
    List<Goal> goals = new ArrayList<>();
    List<CostPoint> curve = new ArrayList<>();
    Idle idle;
    /** The goals of issue 12 (cost), against {@link #curve} and {@link #idle}. */
    List<Goal> costGoals = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<Timeline.Phase> phases = new ArrayList<>();
    Map<String, long[]> perSecond = new LinkedHashMap<>();
    double totalSeconds;

    // Jackson reads the fields through these.
    public String getStartedAt() { return startedAt; }
    public Machine getMachine() { return machine; }
    public Map<String, Object> getSettings() { return settings; }
    public List<E2ePhase> getEndToEnd() { return endToEnd; }
    public List<Relay> getRelay() { return relay; }
    public List<Live> getLive() { return live; }
    public Double getLiveSlowdown() { return liveSlowdown; }
    public ProducerBaseline getKafkaProducer() { return kafkaProducer; }
    public List<JdbcBaseline> getJdbc() { return jdbc; }
    public CommitsPerOrder getCommitsPerOrder() { return commitsPerOrder; }
    public List<Ratio> getRatios() { return ratios; }
    public List<CpuShare> getCpu() { return cpu; }
    public Map<String, Map<String, String>> getStages() { return stages; }
    public Map<String, Double> getPeakRssMib() { return peakRssMib; }
    public long getDuplicateEmails() { return duplicateEmails; }
    public List<Goal> getGoals() { return goals; }
    public List<CostPoint> getCurve() { return curve; }
    public Idle getIdle() { return idle; }
    public List<Goal> getCostGoals() { return costGoals; }
    public List<String> getNotes() { return notes; }
    public List<Timeline.Phase> getPhases() { return phases; }
    public Map<String, long[]> getPerSecond() { return perSecond; }
    public double getTotalSeconds() { return totalSeconds; }

    E2ePhase phase(String name) {
        return endToEnd.stream().filter(phase -> phase.name().equals(name)).findFirst().orElse(null);
    }
}
