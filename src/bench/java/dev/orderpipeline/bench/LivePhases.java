package dev.orderpipeline.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.orderpipeline.harness.AppProcess;

/**
 * The live outbox writers (issue 6): committing one outbox row per transaction, first with no application running
 * (their own rate; the rows deleted after, never relayed), then with app-1's relay running, in a closed loop and at
 * each fixed rate, while the harness's consumer takes each row's insert→Kafka lag.
 */
final class LivePhases {

    /** The live phases' topics: with the relay running (a topic per phase), and alone (never relayed: deleted). */
    private static final String LIVE_TOPIC = "bench-live";
    private static final String LIVE_ALONE_TOPIC = "bench-live-alone";

    private final BenchRun run;
    private final BenchSettings settings;
    private final Results results;
    private final Timeline timeline;
    private final StackServers stack;

    LivePhases(BenchRun run) {
        this.run = run;
        this.settings = run.settings();
        this.results = run.results();
        this.timeline = run.timeline();
        this.stack = run.stack();
    }

    /**
     * The live writers with no application running, so no relay: the writers' own rate, which the live phase with the
     * relay compares with. Their rows are deleted after, so that the application never relays them.
     */
    void liveAlone(Database database) throws Exception {
        if (!run.fits(settings.liveSeconds() + 30, "live writers alone")) {
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
        BenchRun.log(name + ", " + settings.liveSeconds() + " s ...");
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
            BenchRun.log("  " + name + ": " + writes.commits() + " commits, " + Report.fmt(writes.commitsPerSecond()) + "/s");
        }
    }

    /**
     * The live writers again with app-1's relay running (app-2 not started yet; the end-to-end load is over and
     * drained), in a closed loop and then at each fixed rate, each with its own topic and the harness's consumer on it.
     */
    void live(Database database, List<AppProcess> apps) throws Exception {
        if (run.fits(settings.liveSeconds() + 20, "live writers with the relay")) {
            livePhase(database, null, settings.liveWriters(), apps);
        }
        for (double rate : settings.liveRates()) {
            if (run.fits(settings.liveSeconds() + 20, "live writers at " + Report.rate(rate) + " rows/s with the relay")) {
                livePhase(database, rate, settings.liveRateWriters(), apps);
            }
        }
    }

    private void livePhase(Database database, Double rate, int writers, List<AppProcess> apps) throws Exception {
        run.settle(database, apps.get(0));
        String topic = rate == null ? LIVE_TOPIC : LIVE_TOPIC + "-" + Report.rate(rate);
        String name = "live: " + (rate == null ? writers + " writers" : Report.rate(rate) + " rows/s") + ", relay running";
        run.createTopics(topic);
        BenchRun.log(name + ", " + settings.liveSeconds() + " s ...");
        long nanos = TimeUnit.SECONDS.toNanos(settings.liveSeconds());
        LagMeter meter = new LagMeter();
        LiveWriters.Outcome writes;
        Map<String, Double> appCpu;
        long lastReceived;
        RelayMeters.Reading relayBefore;
        try (LiveConsumer consumer = LiveConsumer.start(run.bootstrap(), topic, meter, timeline);
                LiveWriters pool = liveWriters(database, writers, true)) {
            CpuWindow cpu = CpuWindow.open(apps, stack);
            relayBefore = RelayMeters.read(apps);
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
                meter.fromCommit().spectrum(), relayBatches(database, topic, apps, relayBefore), appCpu));
        if (meter.missing() > 0) {
            results.notes.add(name + ": " + meter.missing() + " of " + meter.commits() + " committed rows had not reached the "
                    + "harness's consumer " + settings.drainSeconds() + " s after the writers stopped");
        }
        if (meter.unexpected() > 0 || meter.unreadableTimes() > 0) {
            results.notes.add(name + ": " + meter.unexpected() + " records on " + topic + " that no writer of the phase "
                    + "committed, " + meter.unreadableTimes() + " without a readable ce_time header");
        }
        BenchRun.log(String.format("  %s: %d commits, %s/s; received %d, missing %d, duplicates %d; lag p50 %s p99 %s max %s ms", name,
                writes.commits(), Report.fmt(writes.commitsPerSecond()), meter.matched(), meter.missing(), meter.duplicates(),
                Report.fmt(meter.fromCommit().summary().p50()), Report.fmt(meter.fromCommit().summary().p99()),
                Report.fmt(meter.fromCommit().summary().max())));
    }

    /**
     * The relay's batches during the phase, by its own meter (the pipeline is drained before, so they carried the
     * topic's rows), once no row of the topic is left unpublished (the consumer can see a record before the relay's
     * commit), or null.
     */
    private static Long relayBatches(Database database, String topic, List<AppProcess> apps, RelayMeters.Reading before)
            throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (database.count("select count(*) from outbox_message where destination = ? and published_at is null", topic) > 0) {
            if (System.nanoTime() > until) {
                return null;
            }
            Thread.sleep(50);
        }
        return RelayMeters.read(apps).minus(before).batches();
    }

    /** Live writers; with the relay running they announce their commits as the application does. */
    private LiveWriters liveWriters(Database database, int writers, boolean announce) throws java.sql.SQLException {
        return LiveWriters.connect(database, writers, timeline, settings.relayPayloadBytes(), announce);
    }
}
