package dev.orderpipeline.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.orderpipeline.harness.AppProcess;
import dev.orderpipeline.harness.Jdbc;
import dev.orderpipeline.harness.StackProcess;

/**
 * The fault suite: the packaged application as separate processes against a local stack of real servers in a JVM of
 * its own (durable: fsync, synchronous_commit, synced Artemis journal), with faults injected while orders arrive at
 * a steady rate, and a lost/duplicate ledger after each scenario. Run it with {@code ./mvnw verify -Pfaults}; see
 * src/docs/reliability.md for what it checks and the settings. Its pieces: {@link Ledger} (the verdict),
 * {@link OrderLoad} and {@link OrderMix} (the orders), {@link RestFuzzer} with {@link RestFuzzTally}, {@link BrokerFuzzer}
 * with {@link DeadLetterCount}, {@link ShopApi} (products, one order, metrics, readiness), {@link SummaryReport}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    /** Issue 13: an instance must exit within this of SIGTERM, idle or under load. */
    private static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(10);

    private FaultSettings settings;
    private StackProcess stack;
    private AppProcess app;
    private AppProcess second;
    private final List<AppProcess> apps = new ArrayList<>();
    private Jdbc db;
    private KafkaTool kafka;
    private MailCounter mail;
    private Ledger ledger;
    private SummaryReport report;
    private HttpClient http;
    private ShopApi shop;
    private String run;
    private Random random;

    // Everything placed so far, for the duplicate storm's ledger over the whole history.
    private final Set<UUID> allAccepted = ConcurrentHashMap.newKeySet();
    private final Set<String> allEmails = ConcurrentHashMap.newKeySet();
    private final Set<String> allSkus = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void startStackAndApplication() throws Exception {
        Logger.getLogger("org.apache.kafka").setLevel(Level.WARNING);
        settings = FaultSettings.fromSystemProperties();
        run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        random = new Random(settings.seed());
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("orders", settings.orders());
        shown.put("ratePerSecond", settings.ratePerSecond());
        shown.put("scenarios", settings.scenarios());
        shown.put("restBodies", settings.restBodies());
        shown.put("kafkaPayloadsPerTopic", settings.kafkaPayloadsPerTopic());
        shown.put("amqpPayloads", settings.amqpPayloads());
        shown.put("kafkaDownSeconds", settings.kafkaDown().toSeconds());
        shown.put("artemisDownSeconds", settings.artemisDown().toSeconds());
        shown.put("postgresDownSeconds", settings.postgresDown().toSeconds());
        shown.put("seed", settings.seed());
        report = new SummaryReport(shown);
        log("Fault suite, run " + run + ": " + shown);

        Path logs = settings.outputDirectory().resolve("logs");
        stack = StackProcess.start(settings.stackClasspath(), settings.outputDirectory().resolve("stack-data-" + run),
                List.of("-Xmx1536m", "-Dstack.delete-on-stop=" + !settings.keepData()), logs.resolve("stack.log"),
                Duration.ofMinutes(4).toSeconds());
        Runtime.getRuntime().addShutdownHook(new Thread(this::emergencyStop, "faults-cleanup"));
        log("Local stack up: " + stack.get("kafka.bootstrap.servers") + ", " + stack.get("quarkus.datasource.jdbc.url"));

        db = new Jdbc(stack.get("quarkus.datasource.jdbc.url"), stack.get("quarkus.datasource.username"),
                stack.get("quarkus.datasource.password"));
        kafka = new KafkaTool(stack.get("kafka.bootstrap.servers"));
        mail = new MailCounter(stack.get("app.mail.host"), Integer.parseInt(stack.get("app.local-stack.imap-port")));
        ledger = new Ledger(db, kafka, mail);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

        app = newApp("app-a");
        shop = new ShopApi(http, db, app);
        app.start();
        app.awaitReady(READY_TIMEOUT);
        log("Application " + app.name() + " ready on " + app.baseUrl() + " (pid " + app.pid() + ")");
    }

    @AfterAll
    void stopEverything() throws Exception {
        try {
            if (report != null) {
                report.write(settings.outputDirectory());
                System.out.println("\n=== Fault suite summary (" + settings.outputDirectory().resolve("summary.md") + ") ===\n"
                        + report.markdown());
            }
        } finally {
            for (AppProcess process : apps) {
                process.stop();
            }
            if (kafka != null) {
                kafka.close();
            }
            if (stack != null) {
                stack.close();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ scenarios

    @Test
    @Order(1)
    void sigkillTheApplicationMidStreamThenRestart() throws Exception {
        assumeTrue(settings.runs("kill"));
        Scenario scenario = begin("1. SIGKILL app mid-stream, restart", "kill", List.of(app));
        scenario.load.start();
        scenario.load.awaitDispatched(settings.orders() * 2 / 5);
        app.kill();
        scenario.fault("SIGKILL app (pid " + app.pid() + ")");
        Thread.sleep(1000);
        app.start();
        app.awaitReady(READY_TIMEOUT);
        finish(scenario, true);
    }

    @Test
    @Order(2)
    void kafkaStoppedThenRestarted() throws Exception {
        assumeTrue(settings.runs("kafka"));
        serverOutage("2. Kafka stopped " + settings.kafkaDown().toSeconds() + " s, restarted", "kafka", "Kafka broker",
                settings.kafkaDown(), settings.orders() / 5, false);
    }

    @Test
    @Order(3)
    void artemisStoppedThenRestarted() throws Exception {
        assumeTrue(settings.runs("artemis"));
        serverOutage("3. Artemis stopped " + settings.artemisDown().toSeconds() + " s, restarted", "artemis", "Artemis",
                settings.artemisDown(), settings.orders() * 3 / 10, false);
    }

    @Test
    @Order(5)
    void postgresRestarted() throws Exception {
        assumeTrue(settings.runs("postgres"));
        serverOutage("4. PostgreSQL down " + settings.postgresDown().toSeconds() + " s, restarted", "postgres", "PostgreSQL",
                settings.postgresDown(), settings.orders() * 3 / 10, true);
    }

    /**
     * One server of the stack stopped for {@code down} once {@code dispatched} orders were sent, then started again;
     * {@code expect503}: checkouts meanwhile may be answered 503 with Retry-After (the database).
     */
    private void serverOutage(String name, String server, String serverName, Duration down, int dispatched,
            boolean expect503) throws Exception {
        Scenario scenario = begin(name, server, List.of(app));
        scenario.load.start();
        scenario.load.awaitDispatched(dispatched);
        stack.stop(server);
        scenario.fault(serverName + " stopped " + down.toSeconds() + " s");
        Thread.sleep(down.toMillis());
        stack.start(server);
        scenario.expect503 = expect503;
        finish(scenario, false);
    }

    @Test
    @Order(4)
    void twoInstancesOneKilledMidStream() throws Exception {
        assumeTrue(settings.runs("two-instances"));
        second = newApp("app-b");
        second.start();
        second.awaitReady(READY_TIMEOUT);
        Scenario scenario = begin("6. two instances, one SIGKILLed", "two", List.of(app, second));
        scenario.load.start();
        scenario.load.awaitDispatched(settings.orders() * 2 / 5);
        scenario.details.put("messagesProcessedByKilledInstanceBeforeKill", shop.metric(second, "processed"));
        scenario.details.put("messagesProcessedBySurvivorBeforeKill", shop.metric(app, "processed"));
        second.kill();
        scenario.fault("SIGKILL " + second.name() + " (pid " + second.pid() + ") of 2 instances");
        finish(scenario, true);
    }

    @Test
    @Order(6)
    void duplicateStormEveryConsumerGroupRewound() throws Exception {
        assumeTrue(settings.runs("duplicate-storm"));
        Scenario scenario = begin("5. duplicate storm (all groups rewound)", "storm", List.of(app));
        app.stop();
        Map<String, Long> redelivered = kafka.resetAllGroupsToEarliest(Duration.ofMinutes(2));
        long total = redelivered.values().stream().mapToLong(Long::longValue).sum();
        scenario.fault("offsets of " + redelivered.size() + " consumer groups reset to the beginning (" + total + " records redelivered)");
        scenario.details.put("redeliveredByGroup", redelivered);
        long processedBefore = db.count("select count(*) from processed_message");
        app.start();
        scenario.load.start();
        app.awaitReady(READY_TIMEOUT);
        // The ledger covers the whole history: every order of every scenario so far, not only this one's.
        scenario.wholeHistory = true;
        finish(scenario, false, () -> {
            scenario.details.put("duplicatesSkippedByInboxes", shop.metric(app, "duplicate"));
            scenario.details.put("processedMessagesAddedDuringStorm", db.count("select count(*) from processed_message") - processedBefore);
        });
    }

    @Test
    @Order(7)
    void fuzzTheCheckoutApi() throws Exception {
        assumeTrue(settings.runs("fuzz-rest"));
        app.checkRunning();
        long began = System.nanoTime();
        String a = "FZ-" + run + "-A";
        String b = "FZ-" + run + "-B";
        shop.product(a, "1.00", 1_000_000);
        shop.product(b, "2.50", 1_000_000);
        Instant since = Instant.now();
        List<String> emails = List.of("fuzz0-" + run + "@faults.example", "fuzz1-" + run + "@faults.example", "fuzz2-" + run + "@faults.example");
        long ordersBefore = db.count("select count(*) from customer_order");
        List<RestFuzzer.Case> cases = new RestFuzzer(settings.seed(), List.of(a, b), emails).generate(settings.restBodies());

        RestFuzzTally tally = new RestFuzzTally(ProductSettings.read(settings.basedir()).maxHttpBodyBytes());
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (RestFuzzer.Case fuzz : cases) {
            inFlight.acquire();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/orders"))
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(fuzz.body()));
            if (fuzz.contentType() != null) {
                request.header("Content-Type", fuzz.contentType());
            }
            if (fuzz.idempotencyKey() != null) {
                request.header("Idempotency-Key", fuzz.idempotencyKey());
            }
            all.add(http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                inFlight.release();
                tally.add(fuzz, response, failure);
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((ok, failure) -> null).get(10, TimeUnit.MINUTES);

        long serverErrors = tally.serverErrors();
        Set<UUID> accepted = tally.accepted;
        long rowsFromRejected = db.count("select count(*) from customer_order where created_at >= ? and id <> all (?)",
                Timestamp.from(since), Ledger.uuids(accepted));
        long newOrders = db.count("select count(*) from customer_order") - ordersBefore;

        Ledger.Scope scope = new Ledger.Scope("fuzz-rest", accepted, new HashSet<>(emails), Set.of(a, b), since, false);
        boolean quiet = ledger.awaitQuiet(scope, settings.settleTimeout());
        // Messages for bodies that were not accepted: rows the outbox still holds (all of them if it keeps a trail),
        // then, read after, records on the order topics (published rows are deleted by default).
        long outboxFromRejected = db.count("select count(*) from outbox_message where created_at >= ? and (message_key is null or "
                + "message_key not in (select id::text from customer_order where id = any (?)))", Timestamp.from(since), Ledger.uuids(accepted));
        // Orders of the earlier scenarios are no rejected bodies, should one of their records still arrive late.
        Set<String> notRejected = new HashSet<>(db.query("select id::text from customer_order where created_at < ?",
                row -> row.getString(1), Timestamp.from(since)));
        accepted.forEach(id -> notRejected.add(id.toString()));
        long recordsFromRejected = PublishedRecords.read(kafka).keyedOutside(notRejected, since);
        LedgerResult result = ledger.check(scope, quiet);
        remember(scope);

        Map<String, Object> details = tally.details(newOrders, rowsFromRejected, outboxFromRejected, recordsFromRejected);
        details.put("ledger", result.toMap());
        boolean passed = serverErrors == 0 && tally.transportErrors() == 0 && rowsFromRejected == 0 && outboxFromRejected == 0
                && recordsFromRejected == 0 && newOrders == accepted.size() && result.ok();
        report.add(new SummaryReport.Row("fuzz: POST /api/orders", cases.size(),
                cases.size() + " generated bodies (" + accepted.size() + " valid, accepted)",
                result.lost + rowsFromRejected, result.duplicated, serverErrors, 0, result.sameIdCopies,
                Duration.ofNanos(System.nanoTime() - began), passed, details));
        log("fuzz-rest: " + tally.byStatus + ", 5xx samples " + tally.serverErrorSamples + "; " + result.summary());
        assertThat(serverErrors).as("5xx answers to fuzzed bodies: %s", tally.serverErrorSamples).isZero();
        assertThat(tally.transportErrors()).as("requests that got no answer: %s", tally.transportSamples).isZero();
        assertThat(rowsFromRejected).as("order rows stored for bodies that were not accepted").isZero();
        assertThat(outboxFromRejected).as("outbox rows stored for bodies that were not accepted").isZero();
        assertThat(recordsFromRejected).as("records on %s for bodies that were not accepted", PublishedRecords.TOPICS).isZero();
        assertThat(newOrders).as("new order rows = accepted orders").isEqualTo(accepted.size());
        assertThat(result.violations).as("ledger of the accepted fuzz orders").isEmpty();
        assertThat(result.ok()).isTrue();
    }

    @Test
    @Order(8)
    void fuzzTheBrokersEveryPoisonMessageIsDeadLettered() throws Exception {
        assumeTrue(settings.runs("fuzz-brokers"));
        app.checkRunning();
        long began = System.nanoTime();
        Instant since = Instant.now();
        Thread.sleep(50);
        BrokerFuzzer fuzzer = new BrokerFuzzer(settings.seed() + 1, run);
        int perTopic = settings.kafkaPayloadsPerTopic();
        Map<String, Integer> withHeaders = new TreeMap<>();
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            for (String topic : List.of("orders", "inventory", "payments", "catalog")) {
                withHeaders.put(topic, fuzzer.kafka(producer, topic, perTopic));
            }
        }
        io.vertx.mutiny.core.Vertx vertx = io.vertx.mutiny.core.Vertx.vertx();
        try {
            withHeaders.put("email-commands", fuzzer.amqp(vertx, stack.get("amqp-host"), Integer.parseInt(stack.get("amqp-port")),
                    "email-commands", settings.amqpPayloads()));
        } finally {
            vertx.closeAndAwait();
        }
        Map<String, Long> expected = new TreeMap<>();
        BrokerFuzzer.CONSUMERS.forEach((topic, consumers) -> consumers.forEach(consumer -> expected.put(consumer, (long) perTopic)));
        expected.put("email-commands", (long) settings.amqpPayloads());
        long expectedTotal = expected.values().stream().mapToLong(Long::longValue).sum();
        int sent = 4 * perTopic + settings.amqpPayloads();

        DeadLetterCount deadLetters = DeadLetterCount.await(db, since, expected, settings.settleTimeout());
        Map<String, Long> byConsumer = deadLetters.byConsumer();
        Map<String, Long> byReason = deadLetters.byReason();
        long missing = deadLetters.missing();
        long extra = deadLetters.extra();
        long noIdReasons = deadLetters.withoutCloudEventsId();

        // Consumers alive: a valid order placed now still goes all the way.
        String sku = "FZB-" + run;
        shop.product(sku, "4.00", 100);
        String email = "after-fuzz-" + run + "@faults.example";
        UUID after = shop.placeOne(email, sku, 2);
        Ledger.Scope scope = new Ledger.Scope("fuzz-brokers", Set.of(after), Set.of(email), Set.of(sku), since, false);
        boolean quiet = ledger.awaitQuiet(scope, settings.settleTimeout());
        LedgerResult result = ledger.check(scope, quiet);
        remember(scope);
        String afterStatus = db.query("select status from customer_order where id = ?", row -> row.getString(1), after).get(0);
        boolean ready = shop.ready(app);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sentPerTopic", perTopic);
        details.put("sentWithCloudEventsHeaders", withHeaders);
        details.put("expectedDeadLettersByConsumer", expected);
        details.put("deadLettersByConsumer", byConsumer);
        details.put("deadLettersByReason", byReason);
        details.put("missingCloudEventsIdDeadLetters", noIdReasons);
        details.put("validOrderAfterFuzz", after + " " + afterStatus);
        details.put("readyAfterFuzz", ready);
        details.put("ledgerOfTheOrderAfter", result.toMap());
        boolean passed = missing == 0 && extra == 0 && result.ok() && "CONFIRMED".equals(afterStatus) && ready;
        report.add(new SummaryReport.Row("fuzz: Kafka topics + AMQP queue", sent,
                sent + " poison messages (" + perTopic + " × 4 topics, " + settings.amqpPayloads() + " AMQP) → " + expectedTotal
                        + " dead letters expected",
                missing + result.lost, extra + result.duplicated, 0, 0, result.sameIdCopies,
                Duration.ofNanos(System.nanoTime() - began), passed, details));
        log("fuzz-brokers: dead letters by consumer " + byConsumer + " (expected " + expected + "); order after: " + afterStatus);
        assertThat(byConsumer).as("dead letters by consumer (reasons %s)", byReason).isEqualTo(expected);
        assertThat(afterStatus).as("a valid order after the poison").isEqualTo("CONFIRMED");
        assertThat(ready).as("readiness after the poison").isTrue();
        assertThat(result.violations).isEmpty();
    }

    @Test
    @Order(9)
    void sigtermExitsWithinTenSecondsUnderLoadAndIdle() throws Exception {
        assumeTrue(settings.runs("sigterm"));
        Scenario scenario = begin("9. SIGTERM app mid-stream and idle, restart", "sigterm", List.of(app));
        scenario.load.start();
        scenario.load.awaitDispatched(settings.orders() * 2 / 5);
        long pid = app.pid();
        Duration underLoad = app.stopTimed();
        scenario.fault("SIGTERM app (pid " + pid + ") under load: exited in " + underLoad.toMillis() + " ms");
        scenario.details.put("exitMillisUnderLoad", underLoad.toMillis());
        app.start();
        app.awaitReady(READY_TIMEOUT);
        Duration[] idle = new Duration[1];
        finish(scenario, false, () -> {
            long idlePid = app.pid();
            idle[0] = app.stopTimed();
            scenario.fault("SIGTERM app (pid " + idlePid + ") idle: exited in " + idle[0].toMillis() + " ms");
            scenario.details.put("exitMillisIdle", idle[0].toMillis());
            app.start();
            app.awaitReady(READY_TIMEOUT);
        });
        log(scenario.title + ": exit after SIGTERM " + underLoad.toMillis() + " ms under load, " + idle[0].toMillis() + " ms idle");
        assertThat(underLoad).as("exit after SIGTERM under load").isLessThanOrEqualTo(SHUTDOWN_BOUND);
        assertThat(idle[0]).as("exit after SIGTERM idle").isLessThanOrEqualTo(SHUTDOWN_BOUND);
    }

    // ------------------------------------------------------------------------------------------------ machinery

    /** One scenario in progress: its products, customers, load and the faults injected so far. */
    private final class Scenario {
        final String title;
        final String email;
        final Set<String> skus;
        final OrderLoad load;
        final Instant since = Instant.now();
        final long began = System.nanoTime();
        final List<String> faults = new ArrayList<>();
        final Map<String, Object> details = new LinkedHashMap<>();
        boolean expect503;
        boolean wholeHistory;

        Scenario(String title, String email, Set<String> skus, OrderLoad load) {
            this.title = title;
            this.email = email;
            this.skus = skus;
            this.load = load;
        }

        void fault(String description) {
            faults.add(description);
            log(title + ": fault injected: " + description);
        }
    }

    private Scenario begin(String title, String tag, List<AppProcess> targets) throws Exception {
        log(title + ": " + settings.orders() + " orders at " + settings.ratePerSecond() + "/s");
        String prefix = "F" + run + "-" + tag;
        String plenty = prefix + "-PLENTY";
        String scarce = prefix + "-SCARCE";
        String luxe = prefix + "-LUXE";
        int scarceStock = Math.max(5, settings.orders() / 10);
        shop.product(plenty, "12.50", 1_000_000);
        shop.product(scarce, "3.00", scarceStock);
        shop.product(luxe, "6000.00", 1_000_000);
        String email = tag + "-" + run + "@faults.example";
        List<OrderLoad.Spec> specs = OrderMix.specs(random, settings.orders(), "faults-" + run + "-" + tag + "-", email,
                new OrderMix.Products(plenty, scarce, luxe));
        List<String> bases = targets.stream().map(AppProcess::baseUrl).toList();
        OrderLoad load = new OrderLoad(http, () -> bases, specs, settings.ratePerSecond(), Duration.ofMinutes(5));
        return new Scenario(title, email, new LinkedHashSet<>(List.of(plenty, scarce, luxe)), load);
    }

    private void finish(Scenario scenario, boolean killsProcesses) throws Exception {
        finish(scenario, killsProcesses, () -> { });
    }

    /** Waits for the load and for the pipeline to go quiet, computes the ledger, reports, asserts. */
    private void finish(Scenario scenario, boolean killsProcesses, ThrowingRunnable afterSettle) throws Exception {
        OrderLoad load = scenario.load;
        load.awaitDone(Duration.ofMinutes(10));
        app.checkRunning();
        log(scenario.title + ": load done in " + load.elapsed().toSeconds() + " s: " + load.accepted.get() + " accepted, "
                + load.connectionErrors.get() + " connection errors, " + load.unavailable503.get() + " × 503, "
                + load.other5xx.get() + " other 5xx");
        Set<UUID> accepted = new HashSet<>(load.acceptedIds.values());
        allAccepted.addAll(accepted);
        allEmails.add(scenario.email);
        allSkus.addAll(scenario.skus);
        Ledger.Scope scope = scenario.wholeHistory
                ? new Ledger.Scope(scenario.title, new HashSet<>(allAccepted), new HashSet<>(allEmails), new HashSet<>(allSkus),
                        scenario.since, true) // the history includes the scenarios that killed processes
                : new Ledger.Scope(scenario.title, accepted, Set.of(scenario.email), scenario.skus, scenario.since, killsProcesses);
        boolean quiet = ledger.awaitQuiet(scope, settings.settleTimeout());
        app.checkRunning();
        afterSettle.run();
        LedgerResult result = ledger.check(scope, quiet);

        scenario.details.put("ledgerScope", scenario.wholeHistory ? "every order placed by the suite so far" : "this scenario's orders");
        scenario.details.put("accepted", load.accepted.get());
        scenario.details.put("acceptedOnRetryAsReplay", load.replayedAccepts.get());
        scenario.details.put("connectionErrors", load.connectionErrors.get());
        scenario.details.put("http503", load.unavailable503.get());
        scenario.details.put("http503WithoutProblemOrRetryAfter", load.malformed503.get());
        scenario.details.put("httpOther5xx", load.other5xx.get());
        scenario.details.put("unexpected4xx", load.unexpected4xx.get());
        scenario.details.put("clientGaveUp", load.gaveUp.get());
        scenario.details.put("responseSamples", load.samples);
        scenario.details.put("loadSeconds", load.elapsed().toMillis() / 1000.0);
        scenario.details.put("readinessAfter", shop.readiness(app));
        scenario.details.put("ledger", result.toMap());

        long http5xx = load.other5xx.get() + load.malformed503.get();
        boolean passed = result.ok() && http5xx == 0 && load.gaveUp.get() == 0 && load.unexpected4xx.get() == 0
                && (!scenario.expect503 || load.unavailable503.get() > 0);
        report.add(new SummaryReport.Row(scenario.title, scenario.wholeHistory ? result.orders : load.accepted.get(),
                String.join("; ", scenario.faults), result.lost, result.duplicated, http5xx, load.unavailable503.get(),
                result.sameIdCopies, Duration.ofNanos(System.nanoTime() - scenario.began), passed, scenario.details));
        log(scenario.title + ": " + result.summary());

        assertThat(load.gaveUp.get()).as("orders the client gave up on").isZero();
        assertThat(load.unexpected4xx.get()).as("valid orders refused with 4xx: %s", load.samples).isZero();
        assertThat(load.other5xx.get()).as("5xx other than 503: %s", load.samples).isZero();
        assertThat(load.malformed503.get()).as("503 without problem+json or Retry-After: %s", load.samples).isZero();
        if (scenario.expect503) {
            assertThat(load.unavailable503.get()).as("checkouts during the database outage answered 503").isPositive();
        }
        assertThat(result.violations).as("ledger violations of %s", scenario.title).isEmpty();
        assertThat(result.lost).as("lost").isZero();
        assertThat(result.duplicated).as("duplicated").isZero();
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private AppProcess newApp(String name) {
        AppProcess process = AppProcess.restartable(name, settings.appJar(), List.of("-Xmx" + settings.appHeap()),
                AppProcess.environment(stack, AppProcess.freePort(), "orders@faults.example", ShopApi.ADMIN, ShopApi.ADMIN_PASSWORD),
                settings.outputDirectory().resolve("logs"));
        apps.add(process);
        return process;
    }

    private void remember(Ledger.Scope scope) {
        allAccepted.addAll(scope.accepted());
        allEmails.addAll(scope.emails());
        allSkus.addAll(scope.skus());
    }

    private static void log(String message) {
        System.out.println("[faults " + Instant.now() + "] " + message);
        System.out.flush();
    }

    private void emergencyStop() {
        for (AppProcess process : apps) {
            try {
                process.kill();
            } catch (Exception e) {
                // best effort
            }
        }
        try {
            if (stack != null) {
                stack.close();
            }
        } catch (Exception e) {
            // best effort
        }
    }
}
