package dev.orderpipeline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import dev.orderpipeline.harness.AppProcess;
import dev.orderpipeline.harness.ProcStats;

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
 * phase that would not fit is skipped and said so.
 *
 * <p>Not a unit test: the default build does not run it (its name matches no surefire pattern).
 */
class PipelineBenchmark {

    /** Settings, from system properties ({@code -Dbench.<name>=...} on the Maven command line). */
    record Settings(Path basedir, String classpath, int warmupSeconds, int closedUsers, int phaseSeconds, List<Double> rates,
            int drainSeconds, int relayRows, int relayPayloadBytes, int relayTimeoutSeconds, long producerRecords,
            List<Integer> jdbcConcurrency, int jdbcSeconds, List<String> appJvmArgs, List<String> stackJvmArgs,
            int products, long imapIdleMillis, boolean smtpFront, int liveWriters, int liveSeconds, List<Double> liveRates,
            int liveRateWriters, int budgetSeconds, int idleSeconds, double maxBacklogSeconds) {

        static Settings fromSystemProperties() {
            int users = Integer.getInteger("bench.closed-users", 32);
            return new Settings(Path.of(System.getProperty("bench.basedir", ".")).toAbsolutePath(),
                    System.getProperty("bench.classpath", System.getProperty("java.class.path")),
                    Integer.getInteger("bench.warmup-seconds", 30),
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
                    Long.getLong("bench.imap-idle-millis", 500),
                    Boolean.parseBoolean(System.getProperty("bench.smtp-front", "true")),
                    Integer.getInteger("bench.live-writers", 8),
                    Integer.getInteger("bench.live-seconds", 20),
                    Arrays.stream(System.getProperty("bench.live-rates", "1000").split(",")).map(String::trim)
                            .filter(rate -> !rate.isEmpty()).map(Double::valueOf).toList(),
                    Integer.getInteger("bench.live-rate-writers", 4),
                    Integer.getInteger("bench.budget-seconds", 1080),
                    Integer.getInteger("bench.idle-seconds", 60),
                    Double.parseDouble(System.getProperty("bench.max-backlog-seconds", "5")));
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
            map.put("imapIdleMillis", imapIdleMillis);
            map.put("smtpFront", smtpFront);
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

    private static final String RECIPIENT = "bench@example.com";
    private static final String RELAY_TOPIC = "bench-relay";
    private static final String PRODUCER_TOPIC = "bench-producer-perf";
    /** The live phases' topics: with the relay running (a topic per phase), and alone (never relayed: deleted). */
    private static final String LIVE_TOPIC = "bench-live";
    private static final String LIVE_ALONE_TOPIC = "bench-live-alone";
    /** Each confirmed order's commits that wait for their own WAL flush, from the code (see the report). */
    private static final List<String> COMMITS = List.of(
            "checkout: order, lines, history, outbox",
            "inventory ← orders (per batch): inbox, reservation, outbox",
            "payment ← inventory: the simulated provider's own ledger (REQUIRES_NEW)",
            "payment ← inventory (per batch): inbox, payment, outbox",
            "checkout ← inventory (per batch): inbox, status STOCK_RESERVED",
            "inventory ← payments (per batch): inbox, reservation committed",
            "checkout ← payments (per batch): inbox, status CONFIRMED, email command in the outbox",
            "email worker ← AMQP: inbox, sent_email (SMTP inside)");

    private Settings settings;
    private Results results;
    private Timeline timeline;
    private long deadline;

    @Test
    void run() throws Exception {
        settings = Settings.fromSystemProperties();
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
        deadline = runStart + TimeUnit.SECONDS.toNanos(settings.budgetSeconds());
        timeline = new Timeline(runStart);
        String adminPassword = AppProcess.newAdminPassword();

        List<AppProcess> apps = new ArrayList<>();
        MailWatcher watcher = null;
        SmtpFront smtpFront = null;
        log("starting the local stack (durable) ...");
        Map<String, List<String>> serverJvmArgs = new LinkedHashMap<>();
        StackServers.names().forEach(server -> serverJvmArgs.put(server, settings.stackJvmArgs()));
        try (StackServers stack = StackServers.start(settings.classpath(), out.resolve("stack"), serverJvmArgs, 180)) {
            this.stack = stack;
            try {
                log("stack ready: " + stack.config());
                Database database = new Database(stack.get("quarkus.datasource.jdbc.url"),
                        stack.get("quarkus.datasource.username"), stack.get("quarkus.datasource.password"));
                createTopics(stack.get("kafka.bootstrap.servers"));

                baselines(stack, database, out);

                Map<String, String> overrides = new LinkedHashMap<>();
                if (settings.smtpFront()) {
                    smtpFront = new SmtpFront(stack.get("app.mail.host"), Integer.parseInt(stack.get("app.mail.port")));
                    overrides.put("QUARKUS_MAILER_PORT", String.valueOf(smtpFront.port()));
                    results.notes.add("The application sends mail to GreenMail through the harness's TCP relay (SmtpFront), "
                            + "which ACKs GreenMail's replies at once: GreenMail alone stalls each SMTP reply ~40 ms "
                            + "(Nagle against delayed ACK), ~230 ms per email. -Dbench.smtp-front=false measures without it.");
                }
                log("starting the packaged application (app-1: api + workers) ...");
                AppProcess app1 = AppProcess.start("app-1", runJar, settings.appJvmArgs(),
                        with(appEnvironment(stack, adminPassword, true), overrides),
                        out.resolve("app-1.log"), 180);
                apps.add(app1);
                ShopClient shop = new ShopClient(app1.baseUrl(), RECIPIENT);
                createProducts(shop, database, adminPassword);

                Deliveries deliveries = new Deliveries();
                watcher = new MailWatcher(Integer.parseInt(stack.get("app.local-stack.imap-port")), RECIPIENT,
                        settings.imapIdleMillis(), deliveries);
                watcher.start();

                endToEnd(shop, deliveries, app1, stack, database);
                results.duplicateEmails = deliveries.duplicates();
                results.notes.add("Emails are seen by IMAP IDLE (the server pushes each new message) and one UID FETCH, "
                        + "which adds to each checkout→email latency: " + watcher.pollSummary());
                if (watcher.failure() != null) {
                    results.notes.add("The IMAP watcher failed: " + watcher.failure());
                }

                live(database, apps);
                relay(database, 1, apps);
                if (fits(settings.relayTimeoutSeconds() + 60, "relay with 2 instances")) {
                    log("starting app-2 (workers only) ...");
                    AppProcess app2 = AppProcess.start("app-2", runJar, settings.appJvmArgs(),
                            with(appEnvironment(stack, adminPassword, false), overrides),
                            out.resolve("app-2.log"), 180);
                    apps.add(app2);
                    relay(database, 2, apps);
                }

                for (AppProcess app : apps) {
                    results.peakRssMib.put(app.name() + " (application)", app.peakRssMib());
                }
                results.peakRssMib.putAll(stack.peakRssMib());
            } finally {
                // the application first, while its servers are still there
                if (watcher != null) {
                    watcher.close();
                }
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
        log("written: " + out.resolve("results.md") + ", results.json, cost-curve.svg, bench.svg");
    }

    // ------------------------------------------------------------------ phases

    private void baselines(StackServers stack, Database database, Path out) throws Exception {
        if (fits(60, "Kafka producer baseline")) {
            log("baseline: Kafka ProducerPerformance ...");
            long start = System.nanoTime();
            try {
                results.kafkaProducer = Baselines.kafkaProducer(settings.classpath(), stack.get("kafka.bootstrap.servers"),
                        PRODUCER_TOPIC, settings.producerRecords(), settings.relayPayloadBytes(), out.resolve("producer-perf.log"), 120);
                log("  " + results.kafkaProducer.rawSummary());
            } catch (Exception e) {
                results.notes.add("Kafka producer baseline failed: " + e.getMessage());
            }
            timeline.phase("Kafka producer tool", start, System.nanoTime());
        }
        for (int concurrency : settings.jdbcConcurrency()) {
            if (!fits(settings.jdbcSeconds() + 5, "JDBC baseline at concurrency " + concurrency)) {
                continue;
            }
            long start = System.nanoTime();
            Results.JdbcBaseline jdbc = Baselines.jdbcCommits(database, concurrency, TimeUnit.SECONDS.toNanos(settings.jdbcSeconds()));
            timeline.phase("JDBC ×" + concurrency, start, System.nanoTime());
            results.jdbc.add(jdbc);
            log("baseline: JDBC commits at concurrency " + concurrency + ": " + Report.fmt(jdbc.commitsPerSecond()) + "/s");
        }
        liveAlone(database);
    }

    /**
     * The live writers with no application running, so no relay: the writers' own rate, which the live phase with the
     * relay compares with. Their rows are deleted after, so that the application never relays them.
     */
    private void liveAlone(Database database) throws Exception {
        if (!fits(settings.liveSeconds() + 30, "live writers alone")) {
            return;
        }
        database.migrate();
        String name = "live: " + settings.liveWriters() + " writers, no application";
        try {
            liveAlonePhase(database, name, "alone");
        } finally {
            database.execute("delete from outbox_message where destination = '" + LIVE_ALONE_TOPIC + "'");
            database.execute("vacuum outbox_message");
        }
    }

    private void liveAlonePhase(Database database, String name, String mode) throws Exception {
        log(name + ", " + settings.liveSeconds() + " s ...");
        try (LiveWriters writers = liveWriters(database, settings.liveWriters(), false)) {
            CpuWindow cpu = CpuWindow.open(List.of(), stack);
            // the same writers as with the relay, reporting to a meter that no consumer ever matches
            LiveWriters.Outcome writes = writers.closedLoop(LIVE_ALONE_TOPIC, TimeUnit.SECONDS.toNanos(settings.liveSeconds()),
                    new LagMeter());
            results.cpu.add(cpu.close(name));
            timeline.phase(name, writes.startNanos(), writes.endNanos());
            results.live.add(new Results.Live(name, mode, settings.liveWriters(), null, settings.relayPayloadBytes(),
                    writes.seconds(), writes.commits(), writes.commitsPerSecond(), 0, null, null, null, null, null, null, null,
                    Map.of()));
            log("  " + name + ": " + writes.commits() + " commits, " + Report.fmt(writes.commitsPerSecond()) + "/s");
        }
    }

    /**
     * The live writers again with app-1's relay running (app-2 not started yet; the end-to-end load is over and
     * drained), in a closed loop and then at each fixed rate, each with its own topic and the harness's consumer on it.
     */
    private void live(Database database, List<AppProcess> apps) throws Exception {
        if (fits(settings.liveSeconds() + 20, "live writers with the relay")) {
            livePhase(database, null, settings.liveWriters(), apps);
        }
        for (double rate : settings.liveRates()) {
            if (fits(settings.liveSeconds() + 20, "live writers at " + Report.rate(rate) + " rows/s with the relay")) {
                livePhase(database, rate, settings.liveRateWriters(), apps);
            }
        }
    }

    private void livePhase(Database database, Double rate, int writers, List<AppProcess> apps) throws Exception {
        settle(database, apps.get(0));
        String topic = rate == null ? LIVE_TOPIC : LIVE_TOPIC + "-" + Report.rate(rate);
        String name = "live: " + (rate == null ? writers + " writers" : Report.rate(rate) + " rows/s") + ", relay running";
        createTopics(null, topic);
        log(name + ", " + settings.liveSeconds() + " s ...");
        long nanos = TimeUnit.SECONDS.toNanos(settings.liveSeconds());
        LagMeter meter = new LagMeter();
        LiveWriters.Outcome writes;
        Map<String, Double> appCpu;
        long lastReceived;
        try (LiveConsumer consumer = LiveConsumer.start(bootstrap, topic, meter, timeline);
                LiveWriters pool = liveWriters(database, writers, true)) {
            CpuWindow cpu = CpuWindow.open(apps, stack);
            writes = rate == null ? pool.closedLoop(topic, nanos, meter) : pool.openLoop(topic, rate, nanos, meter);
            appCpu = cpu.appSeconds();
            results.cpu.add(cpu.close(name));
            lastReceived = consumer.awaitAll(TimeUnit.SECONDS.toNanos(settings.drainSeconds()));
        }
        for (AppProcess app : apps) {
            app.checkRunning();
        }
        timeline.phase(name, writes.startNanos(), Math.max(writes.endNanos(), lastReceived));
        results.live.add(new Results.Live(name, rate == null ? "relay" : "rate", writers, rate, settings.relayPayloadBytes(),
                writes.seconds(), writes.commits(), writes.commitsPerSecond(), writes.maxScheduleLagMillis(), meter.matched(),
                meter.missing(), meter.duplicates(), meter.fromCommit().summary(), meter.fromCreatedAt().summary(),
                meter.fromCommit().spectrum(), relayBatches(database, topic), appCpu));
        if (meter.missing() > 0) {
            results.notes.add(name + ": " + meter.missing() + " of " + meter.commits() + " committed rows had not reached the "
                    + "harness's consumer " + settings.drainSeconds() + " s after the writers stopped");
        }
        if (meter.unexpected() > 0 || meter.unreadableTimes() > 0) {
            results.notes.add(name + ": " + meter.unexpected() + " records on " + topic + " that no writer of the phase "
                    + "committed, " + meter.unreadableTimes() + " without a readable ce_time header");
        }
        log(String.format("  %s: %d commits, %s/s; received %d, missing %d, duplicates %d; lag p50 %s p99 %s max %s ms", name,
                writes.commits(), Report.fmt(writes.commitsPerSecond()), meter.matched(), meter.missing(), meter.duplicates(),
                Report.fmt(meter.fromCommit().summary().p50()), Report.fmt(meter.fromCommit().summary().p99()),
                Report.fmt(meter.fromCommit().summary().max())));
    }

    /**
     * The relay's batches that carried a topic's rows: its mark-as-published transactions (the rows of one share its
     * now()), once every row is marked (the consumer can see a record before the relay's commit), or null.
     */
    private static Long relayBatches(Database database, String topic) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (database.count("select count(*) from outbox_message where destination = ? and published_at is null", topic) > 0) {
            if (System.nanoTime() > until) {
                return null;
            }
            Thread.sleep(50);
        }
        return database.count("select count(distinct published_at) from outbox_message where destination = ?", topic);
    }

    /** Live writers; with the relay running they announce their commits as the application does. */
    private LiveWriters liveWriters(Database database, int writers, boolean announce) throws java.sql.SQLException {
        return LiveWriters.connect(database, writers, timeline, settings.relayPayloadBytes(), announce);
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

    private void endToEnd(ShopClient shop, Deliveries deliveries, AppProcess app, StackServers stack, Database database)
            throws Exception {
        long drain = TimeUnit.SECONDS.toNanos(settings.drainSeconds());
        if (fits(settings.warmupSeconds() + 10, "warm-up")) {
            log("warm-up: closed loop, " + settings.closedUsers() + " users, " + settings.warmupSeconds() + " s ...");
            LoadPhase.Outcome warmup = new LoadPhase(shop, deliveries, timeline)
                    .closedLoop(settings.closedUsers(), TimeUnit.SECONDS.toNanos(settings.warmupSeconds()), drain);
            timeline.phase("warm-up", warmup.startNanos(), warmup.endNanos());
            log("  warm-up: " + warmup.confirmed() + " confirmed, " + Report.fmt(warmup.confirmedPerSecond()) + "/s");
        }
        settle(database, app);
        idle(app, stack);
        Instant windowStart = Instant.now();
        long phaseNanos = TimeUnit.SECONDS.toNanos(settings.phaseSeconds());
        if (fits(settings.phaseSeconds() + 15, "closed loop")) {
            String name = "closed loop, " + settings.closedUsers() + " users";
            log(name + ", " + settings.phaseSeconds() + " s ...");
            measure(name, "closed", null, app, stack, database,
                    () -> new LoadPhase(shop, deliveries, timeline).closedLoop(settings.closedUsers(), phaseNanos, drain));
        }
        for (double rate : settings.rates()) {
            if (!settle(database, app)) {
                results.notes.add("Skipped open loop at " + Report.rate(rate) + "/s and above: the pipeline had not drained "
                        + "the previous phase's orders within " + SETTLE_SECONDS + " s");
                break;
            }
            if (!fits(settings.phaseSeconds() + settings.drainSeconds() / 2, "open loop at " + rate + "/s")) {
                continue;
            }
            String name = "open loop, " + Report.rate(rate) + "/s";
            long maxBacklog = Math.max(MIN_BACKLOG_BOUND, Math.round(rate * settings.maxBacklogSeconds()));
            log(name + ", " + settings.phaseSeconds() + " s (at most " + maxBacklog + " orders without their email) ...");
            measure(name, "open", rate, app, stack, database,
                    () -> new LoadPhase(shop, deliveries, timeline).openLoop(rate, phaseNanos, drain, maxBacklog));
        }
        settle(database, app);
        Instant windowEnd = Instant.now();
        commitsPerOrder(database, windowStart, windowEnd);
    }

    /** The smallest backlog bound of an open loop: a few seconds' worth at the lowest rates. */
    private static final long MIN_BACKLOG_BOUND = 50;

    /**
     * Nothing offered, the pipeline drained: each process's CPU over {@code bench.idle-seconds}, what a pod burns
     * waiting for orders.
     */
    private void idle(AppProcess app, StackServers stack) throws Exception {
        if (!fits(settings.idleSeconds() + 5, "idle")) {
            return;
        }
        log("idle: nothing offered, " + settings.idleSeconds() + " s ...");
        CpuWindow window = CpuWindow.open(List.of(app), stack);
        Map<String, Double> before = processCpu(app, stack);
        long start = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(settings.idleSeconds()));
        Map<String, Double> used = minus(processCpu(app, stack), before);
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        results.cpu.add(window.close("idle"));
        timeline.phase("idle", start, end);
        Map<String, Double> percent = new LinkedHashMap<>();
        used.forEach((process, cpu) -> percent.put(process, CostCurve.percentOfCore(cpu, seconds)));
        results.idle = new Results.Idle(seconds, used, percent);
        app.checkRunning();
        log("  idle: application " + Report.fmt(percent.get(CostCurve.APPLICATION)) + " % of one core");
    }

    /** CPU seconds so far of the application and of each server, in the cost curve's column order. */
    private static Map<String, Double> processCpu(AppProcess app, StackServers stack) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put(CostCurve.APPLICATION, app.cpuSeconds());
        cpu.putAll(stack.cpuSecondsByServer());
        return cpu;
    }

    private static Map<String, Double> minus(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Double> used = new LinkedHashMap<>();
        after.forEach((process, seconds) -> used.put(process, seconds - before.getOrDefault(process, 0.0)));
        return used;
    }

    private interface PhaseRun {
        LoadPhase.Outcome run() throws Exception;
    }

    private static final int SETTLE_SECONDS = 90;

    /**
     * Waits (bounded) until the pipeline is idle: every order final with its email, no outbox row unpublished, so
     * that one phase's backlog does not count in the next. False if it did not get there in time.
     */
    private boolean settle(Database database, AppProcess app) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
        long start = System.nanoTime();
        while (System.nanoTime() < until) {
            app.checkRunning();
            long open = database.count("select count(*) from customer_order where status not in ('CONFIRMED', 'REJECTED', 'PAYMENT_FAILED')");
            long unsent = database.count("select (select count(*) from customer_order) - (select count(*) from sent_email)");
            long unpublished = database.count("select count(*) from outbox_message where published_at is null");
            if (open == 0 && unsent <= 0 && unpublished == 0) {
                if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(1)) {
                    timeline.phase("settle", start, System.nanoTime());
                }
                return true;
            }
            Thread.sleep(250);
        }
        timeline.phase("settle (gave up)", start, System.nanoTime());
        log("  the pipeline did not drain within " + SETTLE_SECONDS + " s");
        return false;
    }

    private Results.E2ePhase measure(String name, String mode, Double rate, AppProcess app, StackServers stack, Database database,
            PhaseRun run) throws Exception {
        Instant phaseStart = Instant.now();
        long wallStart = System.nanoTime();
        double[] machineBefore = ProcStats.machineCpuSeconds();
        double harnessCpu = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        double appCpu = app.cpuSeconds();
        double stackCpu = stack.cpuSeconds();
        Database.Counters before = database.counters();
        Map<String, Double> processCpuBefore = processCpu(app, stack);
        LoadPhase.Outcome outcome = run.run();
        double appCpuUsed = app.cpuSeconds() - appCpu;
        double stackCpuUsed = stack.cpuSeconds() - stackCpu;
        double harnessCpuUsed = ProcStats.cpuSeconds(ProcessHandle.current().pid()) - harnessCpu;
        double[] machineAfter = ProcStats.machineCpuSeconds();
        double busy = machineAfter[0] - machineBefore[0];
        results.cpu.add(new Results.CpuShare(name, (System.nanoTime() - wallStart) / 1e9, appCpuUsed, stackCpuUsed, harnessCpuUsed,
                Math.max(0, busy - appCpuUsed - stackCpuUsed - harnessCpuUsed), machineAfter[1] - machineBefore[1]));
        Thread.sleep(600); // PostgreSQL publishes its statistics at most once a second per backend
        Database.Counters after = database.counters();
        // the cost curve counts until every order of the phase is done (bounded), so that all of its work is in
        boolean settled = settle(database, app);
        Map<String, Double> processCpuUsed = minus(processCpu(app, stack), processCpuBefore);
        long confirmedInAll = database.confirmedOrders(Timestamp.from(phaseStart), Timestamp.from(Instant.now()));
        results.curve.add(costPoint(name, rate, outcome, processCpuUsed, confirmedInAll, settled));
        timeline.phase(name, outcome.startNanos(), outcome.endNanos());
        long confirmed = Math.max(1, outcome.confirmed());
        Results.E2ePhase phase = new Results.E2ePhase(name, mode, rate, mode.equals("closed") ? settings.closedUsers() : null,
                (outcome.endNanos() - outcome.startNanos()) / 1e9, outcome.sent(), outcome.accepted(), outcome.httpErrors(),
                outcome.confirmed(), outcome.otherEmails(), outcome.timedOut(), outcome.confirmedPerSecond(),
                outcome.maxSendLagMillis(), outcome.checkout().summary(), outcome.endToEnd().summary(), appCpuUsed,
                appCpuUsed / confirmed * 1000, stackCpuUsed / confirmed * 1000,
                (after.transactions() - before.transactions()) / (double) confirmed,
                (after.walSyncs() - before.walSyncs()) / (double) confirmed,
                outcome.checkout().spectrum(), outcome.endToEnd().spectrum());
        results.endToEnd.add(phase);
        try {
            results.stages.put(name, database.stages(Timestamp.from(phaseStart), Timestamp.from(Instant.now())));
        } catch (Exception e) {
            results.notes.add("Stage breakdown of " + name + " failed: " + e);
        }
        app.checkRunning();
        log(String.format("  %s: %d/%d confirmed, %s/s, checkout p99 %s ms, e2e p50 %s p99 %s ms, timeouts %d, errors %d", name,
                phase.confirmed(), phase.sent(), Report.fmt(phase.confirmedPerSecond()), Report.fmt(phase.checkout().p99()),
                Report.fmt(phase.endToEnd().p50()), Report.fmt(phase.endToEnd().p99()), phase.timedOut(), phase.httpErrors()));
        return phase;
    }

    /** The cost curve's point of a load phase: CPU per confirmed order per process, and whether the rate was kept. */
    private Results.CostPoint costPoint(String name, Double rate, LoadPhase.Outcome outcome, Map<String, Double> cpuUsed,
            long confirmedInAll, boolean settled) {
        long start = outcome.startNanos();
        double offeringSeconds = (outcome.offeringEndNanos() - start) / 1e9;
        double sentPerSecond = outcome.sent() / offeringSeconds;
        double steady = CostCurve.steadyRate(outcome.confirmationNanos(), start, outcome.offeringEndNanos());
        List<String> notKept = rate == null ? List.of()
                : CostCurve.notKeptBecause(rate, sentPerSecond, steady, outcome.cutShort(), outcome.backlog(), offeringSeconds,
                        outcome.timedOut(), outcome.httpErrors());
        return new Results.CostPoint(name, rate, rate == null ? settings.closedUsers() : null, offeringSeconds,
                (outcome.endNanos() - start) / 1e9, outcome.sent(), sentPerSecond, outcome.confirmed(), confirmedInAll, settled,
                outcome.confirmedPerSecond(),
                steady, rate == null ? null : notKept.isEmpty(), notKept, outcome.cutShort(), outcome.backlog(), outcome.timedOut(),
                outcome.httpErrors(), outcome.checkout().summary(), outcome.endToEnd().summary(), cpuUsed,
                CostCurve.msPerOrder(cpuUsed, confirmedInAll));
    }

    /** The relay's share: its mark-as-published commits (one per batch; rows of a batch share now()) per order. */
    private void commitsPerOrder(Database database, Instant from, Instant to) throws Exception {
        long orders = database.count("select count(*) from customer_order where created_at between ? and ?",
                Timestamp.from(from), Timestamp.from(to));
        long relayCommits = database.count("""
                select count(distinct published_at) from outbox_message
                where created_at between ? and ? and published_at is not null and destination not like 'bench-%'""",
                Timestamp.from(from), Timestamp.from(to));
        double relayPerOrder = orders == 0 ? Double.NaN : relayCommits / (double) orders;
        results.commitsPerOrder = new Results.CommitsPerOrder(COMMITS.size(), relayPerOrder, COMMITS.size() + relayPerOrder, COMMITS);
    }

    private void relay(Database database, int instances, List<AppProcess> apps) throws Exception {
        if (!fits(settings.relayTimeoutSeconds() + 20, "relay with " + instances + " instance(s)")) {
            return;
        }
        settle(database, apps.get(0));
        RelayBench bench = new RelayBench(database, timeline);
        String topic = RELAY_TOPIC + "-" + instances;
        createTopics(null, topic);
        log("relay, " + instances + " instance(s): pre-filling " + settings.relayRows() + " rows ...");
        Map<String, Double> cpuBefore = new LinkedHashMap<>();
        apps.forEach(app -> cpuBefore.put(app.name(), app.cpuSeconds()));
        double[] machineBefore = ProcStats.machineCpuSeconds();
        double stackBefore = stack.cpuSeconds();
        double harnessBefore = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        long wallStart = System.nanoTime();
        long committed = bench.prefill(topic, settings.relayRows(), settings.relayPayloadBytes());
        RelayBench.Drain drain = bench.drain(topic, settings.relayRows(), committed,
                TimeUnit.SECONDS.toNanos(settings.relayTimeoutSeconds()));
        Map<String, Double> cpu = new LinkedHashMap<>();
        apps.forEach(app -> cpu.put(app.name(), app.cpuSeconds() - cpuBefore.get(app.name())));
        for (AppProcess app : apps) {
            app.checkRunning();
        }
        double[] machineAfter = ProcStats.machineCpuSeconds();
        double appsUsed = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
        double stackUsed = stack.cpuSeconds() - stackBefore;
        double harnessUsed = ProcStats.cpuSeconds(ProcessHandle.current().pid()) - harnessBefore;
        results.cpu.add(new Results.CpuShare("relay ×" + instances + " (pre-fill and drain)", (System.nanoTime() - wallStart) / 1e9,
                appsUsed, stackUsed, harnessUsed, Math.max(0, machineAfter[0] - machineBefore[0] - appsUsed - stackUsed - harnessUsed),
                machineAfter[1] - machineBefore[1]));
        timeline.phase("relay ×" + instances, committed, committed + (long) (drain.seconds() * 1e9));
        String note = drain.complete() ? "" : "not drained in " + settings.relayTimeoutSeconds() + " s: " + drain.drained()
                + " of " + drain.rows() + " rows; the rate is over what was drained";
        results.relay.add(new Results.Relay(instances, drain.drained(), settings.relayPayloadBytes(), drain.seconds(),
                drain.drained() / drain.seconds(), drain.failedAttempts(), cpu, note));
        log("  relay ×" + instances + ": " + drain.drained() + " rows in " + Report.fmt(drain.seconds()) + " s = "
                + Report.fmt(drain.drained() / drain.seconds()) + "/s " + note);
    }

    private String bootstrap;
    private StackServers stack;

    private static Map<String, String> with(Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(environment);
        merged.putAll(overrides);
        return merged;
    }

    private void createTopics(String bootstrapServers, String... topics) throws Exception {
        if (bootstrapServers != null) {
            bootstrap = bootstrapServers;
        }
        List<String> names = topics.length == 0 ? List.of(PRODUCER_TOPIC) : List.of(topics);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(names.stream().map(name -> new NewTopic(name, 3, (short) 1)).toList()).all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private boolean fits(long seconds, String what) {
        if (System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) <= deadline) {
            return true;
        }
        results.notes.add("Skipped " + what + ": it would not fit in the time budget (bench.budget-seconds="
                + settings.budgetSeconds() + ")");
        log("skipping " + what + " (time budget)");
        return false;
    }

    private static void log(String message) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
        System.out.flush();
    }

    /** An application instance's environment: the stack's servers, a free port, the api role or not. */
    private static Map<String, String> appEnvironment(StackServers stack, String adminPassword, boolean api) {
        Map<String, String> env = AppProcess.environment(stack::get, AppProcess.freePort(), "orders@bench.order-pipeline.local",
                "admin", adminPassword);
        env.put("APP_ROLE_API_ENABLED", String.valueOf(api));
        return env;
    }
}
