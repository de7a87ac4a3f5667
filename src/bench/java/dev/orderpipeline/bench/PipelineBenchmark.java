package dev.orderpipeline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.orderpipeline.harness.AppProcess;

/**
 * The benchmark of issues 6 (relay) and 12 (cost), run by {@code ./mvnw verify -Pbench} (failsafe, after the package
 * phase): the packaged application against the local stack's servers, each a process of its own, everything on this
 * machine.
 *
 * <p>Order: servers; baselines (Kafka's producer tool, JDBC commit loops, the live outbox writers) while nothing else
 * runs; the application; products; warm-up; idle; the cost curve (closed loop, then each fixed rate, each bounded in
 * time and backlog and drained before the next); the live outbox writers again with the application's relay running,
 * and the lag of their rows into Kafka; the outbox relay alone with one, then two instances; report to
 * {@code target/bench/}. Every loop is bounded in count and time, and the whole run by {@code bench.budget-seconds}: a
 * phase that would not fit is skipped and said so. This class keeps the order and the baselines; the phases are
 * {@link CostCurvePhases}, {@link LivePhases} and {@link RelayPhase}, sharing a {@link BenchRun}.
 *
 * <p>Not a unit test: the default build does not run it (its name matches no surefire pattern).
 */
class PipelineBenchmark {

    private static final String RECIPIENT = "bench@example.com";
    private static final String PRODUCER_TOPIC = "bench-producer-perf";

    private BenchSettings settings;
    private Results results;
    private Timeline timeline;
    private BenchRun run;

    @Test
    void run() throws Exception {
        settings = BenchSettings.fromSystemProperties();
        Path out = settings.basedir().resolve("target/bench");
        Files.createDirectories(out);
        Path runJar = settings.basedir().resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(runJar)) {
            throw new IllegalStateException(runJar + " is missing: run ./mvnw verify -Pbench (it packages first)");
        }
        results = new Results();
        results.startedAt = Instant.now().toString();
        results.machine = Machine.describe();
        results.settings = settings.describe();
        String loadAtStart = Machine.loadAverage();
        long runStart = System.nanoTime();
        long deadline = runStart + TimeUnit.SECONDS.toNanos(settings.budgetSeconds());
        timeline = new Timeline(runStart);
        String adminPassword = AppProcess.newAdminPassword();

        List<AppProcess> apps = new ArrayList<>();
        SmtpFront smtpFront = null;
        BenchRun.log("starting the local stack (durable) ...");
        Map<String, List<String>> serverJvmArgs = new LinkedHashMap<>();
        StackServers.names().forEach(server -> serverJvmArgs.put(server, settings.stackJvmArgs()));
        try (StackServers stack = StackServers.start(settings.classpath(), out.resolve("stack"), serverJvmArgs, 180)) {
            run = new BenchRun(settings, results, timeline, stack, deadline);
            try {
                BenchRun.log("stack ready: " + stack.config());
                Database database = new Database(stack.get("quarkus.datasource.jdbc.url"),
                        stack.get("quarkus.datasource.username"), stack.get("quarkus.datasource.password"));
                run.createTopics(PRODUCER_TOPIC);

                baselines(stack, database, out);

                Map<String, String> overrides = new LinkedHashMap<>();
                Deliveries deliveries = new Deliveries();
                smtpFront = new SmtpFront(stack.get("app.mail.host"), Integer.parseInt(stack.get("app.mail.port")), deliveries);
                overrides.put("QUARKUS_MAILER_PORT", String.valueOf(smtpFront.port()));
                BenchRun.log("starting the packaged application (app-1: api + workers) ...");
                AppProcess app1 = AppProcess.start("app-1", runJar, settings.appJvmArgs(),
                        with(appEnvironment(stack, adminPassword, true), overrides),
                        out.resolve("app-1.log"), 180);
                apps.add(app1);
                ShopClient shop = new ShopClient(app1.baseUrl(), RECIPIENT);
                createProducts(shop, database, adminPassword);

                new CostCurvePhases(run).endToEnd(shop, deliveries, app1, stack, database);
                results.duplicateEmails = deliveries.duplicates();
                results.notes.add("The application sends mail to GreenMail through the harness's TCP relay (SmtpFront), which "
                        + "passes every byte on unchanged and ACKs GreenMail's replies at once: GreenMail alone stalls each SMTP "
                        + "reply ~40 ms (Nagle against delayed ACK), ~230 ms per email. The relay is the instrument: an email "
                        + "counts as accepted when GreenMail's 2xx reply to the end of its data passes through, by the "
                        + "Message-ID in the data it relayed; nothing reads the mail boxes. " + smtpFront.summary() + ".");

                new LivePhases(run).live(database, apps);
                RelayPhase relay = new RelayPhase(run);
                relay.relay(database, 1, apps);
                if (run.fits(settings.relayTimeoutSeconds() + 60, "relay with 2 instances")) {
                    BenchRun.log("starting app-2 (workers only) ...");
                    AppProcess app2 = AppProcess.start("app-2", runJar, settings.appJvmArgs(),
                            with(appEnvironment(stack, adminPassword, false), overrides),
                            out.resolve("app-2.log"), 180);
                    apps.add(app2);
                    relay.relay(database, 2, apps);
                }

                for (AppProcess app : apps) {
                    results.peakRssMib.put(app.name() + " (application)", app.peakRssMib());
                }
                results.peakRssMib.putAll(stack.peakRssMib());
            } finally {
                // the application first, while its servers are still there
                for (int i = apps.size() - 1; i >= 0; i--) {
                    apps.get(i).close();
                }
                if (smtpFront != null) {
                    smtpFront.close();
                }
            }
        }
        results.notes.add("Load average (1, 5, 15 min) at start: " + loadAtStart + "; at the end: " + Machine.loadAverage()
                + ". The machine has " + results.machine.cpus() + " CPUs and may be shared: other work counts in these numbers.");
        results.totalSeconds = (System.nanoTime() - runStart) / 1e9;
        results.phases = timeline.phases();
        results.perSecond = timeline.perSecond();
        Report.evaluate(results, settings.closedUsers());
        String markdown = Report.header(results) + Report.markdown(results);
        Files.writeString(out.resolve("results.md"), markdown);
        Files.writeString(out.resolve("results.json"), Report.json(results));
        Files.writeString(out.resolve("bench.svg"), RunChart.svg(results));
        Files.writeString(out.resolve("cost-curve.svg"), CostChart.svg(results));
        System.out.println("\n" + markdown);
        BenchRun.log("written: " + out.resolve("results.md") + ", results.json, cost-curve.svg, bench.svg");
    }

    // ------------------------------------------------------------------ phases

    private void baselines(StackServers stack, Database database, Path out) throws Exception {
        if (run.fits(60, "Kafka producer baseline")) {
            BenchRun.log("baseline: Kafka ProducerPerformance ...");
            long start = System.nanoTime();
            try {
                results.kafkaProducer = Baselines.kafkaProducer(settings.classpath(), stack.get("kafka.bootstrap.servers"),
                        PRODUCER_TOPIC, settings.producerRecords(), settings.relayPayloadBytes(), out.resolve("producer-perf.log"), 120);
                BenchRun.log("  " + results.kafkaProducer.rawSummary());
            } catch (Exception e) {
                results.notes.add("Kafka producer baseline failed: " + e.getMessage());
            }
            timeline.phase("Kafka producer tool", start, System.nanoTime());
        }
        for (int concurrency : settings.jdbcConcurrency()) {
            if (!run.fits(settings.jdbcSeconds() + 5, "JDBC baseline at concurrency " + concurrency)) {
                continue;
            }
            long start = System.nanoTime();
            Results.JdbcBaseline jdbc = Baselines.jdbcCommits(database, concurrency, TimeUnit.SECONDS.toNanos(settings.jdbcSeconds()));
            timeline.phase("JDBC ×" + concurrency, start, System.nanoTime());
            results.jdbc.add(jdbc);
            BenchRun.log("baseline: JDBC commits at concurrency " + concurrency + ": " + Report.fmt(jdbc.commitsPerSecond()) + "/s");
        }
        new LivePhases(run).liveAlone(database);
    }

    private void createProducts(ShopClient shop, Database database, String adminPassword) throws Exception {
        for (int i = 0; i < settings.products(); i++) {
            shop.product(String.format("BENCH-%02d", i), "9.90", 100_000_000, adminPassword);
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (database.count("select count(*) from checkout_price where sku like 'BENCH-%'") < settings.products()
                || database.count("select count(*) from inventory_item where sku like 'BENCH-%'") < settings.products()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("The catalog did not reach checkout and inventory in 60 s");
            }
            Thread.sleep(100);
        }
    }

    private static Map<String, String> with(Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(environment);
        merged.putAll(overrides);
        return merged;
    }

    /** An application instance's environment: the stack's servers, a free port, the api role or not. */
    private static Map<String, String> appEnvironment(StackServers stack, String adminPassword, boolean api) {
        Map<String, String> env = AppProcess.environment(stack::get, AppProcess.freePort(), "orders@bench.order-pipeline.local",
                "admin", adminPassword);
        env.put("APP_ROLE_API_ENABLED", String.valueOf(api));
        return env;
    }
}
