package dev.orderpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.orderpipeline.harness.ProcStats;

/**
 * Keeps the benchmark harness from rotting, in seconds and without any server: the open-loop schedule, the
 * histograms, the parsers (IMAP, /proc, Kafka's producer tool) and the rendering of the report. The benchmark
 * itself runs with {@code ./mvnw verify -Pbench}.
 */
class BenchHarnessTest {

    @Test
    void openLoopScheduleSendsAtFixedIntendedTimesWithoutDrift() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(1_000, 200, TimeUnit.SECONDS.toNanos(2));
        assertThat(schedule.count()).isEqualTo(400);
        assertThat(schedule.intendedNanos(0)).isEqualTo(1_000);
        assertThat(schedule.intendedNanos(1)).isEqualTo(1_000 + 5_000_000);
        assertThat(schedule.intendedNanos(399)).isEqualTo(1_000 + 1_995_000_000L);
        // 1/3 ms does not add up rounding errors: request 300,000 is exactly 100 s in
        OpenLoopSchedule third = new OpenLoopSchedule(0, 3000, TimeUnit.SECONDS.toNanos(100));
        assertThat(third.intendedNanos(300_000)).isEqualTo(TimeUnit.SECONDS.toNanos(100));
        assertThat(third.count()).isEqualTo(300_000);
        // a sender that only gets to request 10 at 80 ms is 30 ms late; latency counts from the intended 50 ms
        assertThat(schedule.lagNanos(10, 1_000 + 80_000_000)).isEqualTo(30_000_000);
        assertThat(schedule.lagNanos(10, 0)).isZero();
        assertThat(new OpenLoopSchedule(0, 50, 1).count()).isEqualTo(1);
    }

    @Test
    void latencyPercentilesAndSpectrum() {
        Latency latency = new Latency();
        for (int i = 1; i <= 1000; i++) {
            latency.recordNanos(TimeUnit.MILLISECONDS.toNanos(i));
        }
        Latency.Summary summary = latency.summary();
        assertThat(summary.count()).isEqualTo(1000);
        assertThat(summary.p50()).isBetween(499.0, 501.0);
        assertThat(summary.p99()).isBetween(989.0, 991.0);
        assertThat(summary.max()).isBetween(999.0, 1001.0);
        assertThat(latency.spectrum()).hasSize(14).last().satisfies(point -> assertThat(point.percentile()).isEqualTo(100));
        assertThat(new Latency().summary().p50()).isNaN();
    }

    @Test
    void deliveriesMatchEmailsToOrdersWhicheverComesFirstAndCountDuplicates() {
        Deliveries deliveries = new Deliveries();
        List<String> seen = new ArrayList<>();
        deliveries.arrived("early", true, 5);
        deliveries.expect("early", (confirmation, at) -> seen.add("early " + confirmation + " " + at));
        deliveries.expect("late", (confirmation, at) -> seen.add("late " + confirmation + " " + at));
        deliveries.arrived("late", false, 9);
        deliveries.arrived("late", false, 10);
        deliveries.expect("never", (confirmation, at) -> seen.add("never"));
        assertThat(deliveries.forget("never")).isTrue();
        assertThat(seen).containsExactly("early true 5", "late false 9");
        assertThat(deliveries.duplicates()).isEqualTo(1);
        assertThat(deliveries.emails()).isEqualTo(3);
    }

    @Test
    void imapFetchResponsesWithLiteralsAreParsed() throws Exception {
        String header = "Message-ID: <order-0b5c8f3e-1c1e-4d7b-9a53-2f0f1f7f4c11.confirmation@order-pipeline>\r\n\r\n";
        String wire = "* 1 FETCH (UID 7 BODY[HEADER.FIELDS (MESSAGE-ID)] {" + header.length() + "}\r\n" + header + ")\r\n"
                + "* 2 FETCH (BODY[HEADER.FIELDS (MESSAGE-ID)] {2}\r\n\r\n UID 8)\r\n"
                + "b3 OK UID FETCH completed\r\n"
                + "b4 NO nothing\r\n"
                + "+ idling\r\n* 3 EXISTS\r\n";
        MailWatcher.ImapReader reader = new MailWatcher.ImapReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)));
        List<String> responses = reader.readResponse("b3");
        assertThat(responses).hasSize(2);
        assertThat(MailWatcher.parseFetch(responses.get(0)))
                .isEqualTo(new MailWatcher.Fetched(7, "0b5c8f3e-1c1e-4d7b-9a53-2f0f1f7f4c11", "confirmation"));
        assertThat(MailWatcher.parseFetch(responses.get(1))).isEqualTo(new MailWatcher.Fetched(8, null, null));
        assertThat(MailWatcher.parseFetch("* 3 EXISTS")).isNull();
        assertThat(reader.readResponse("b4")).isEmpty();
        assertThat(reader.next()).isEqualTo("+ idling");
        assertThat(reader.next()).isEqualTo("* 3 EXISTS");
    }

    @Test
    void procStatAndStatusAreParsed() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 40 0 100 0 0";
        assertThat(ProcStats.cpuTicks(stat)).isEqualTo(1234 + 567);
        assertThat(ProcStats.cpuTicksWithWaitedChildren(stat.replace("1234 567 0 0", "1234 567 89 10"))).isEqualTo(1234 + 567 + 89 + 10);
        assertThat(ProcStats.parsePostmasterPid("30124\n/data/postgres\n1764400000\n39885\n")).isEqualTo(30124);
        assertThat(ProcStats.serverCpuSeconds(ProcessHandle.current().pid())).isPositive();
        assertThat(ProcStats.parseStatusKib("Name:\tjava\nVmHWM:\t  524288 kB\nVmRSS:\t 1000 kB\n", "VmHWM")).isEqualTo(524288);
        assertThat(ProcStats.cpuSeconds(ProcessHandle.current().pid())).isPositive();
        double[] machine = ProcStats.parseMachineCpu("cpu  1000 20 300 5000 100 10 10 0 0 0");
        assertThat(machine[0]).isEqualTo((1000 + 20 + 300 + 10 + 10) / ProcStats.TICKS_PER_SECOND);
        assertThat(machine[1]).isEqualTo((5000 + 100) / ProcStats.TICKS_PER_SECOND);
        assertThat(ProcStats.peakRssMib(ProcessHandle.current().pid())).isPositive();
    }

    @Test
    void producerPerformanceSummaryIsParsed() {
        String output = """
                149521 records sent, 29904.2 records/sec (14.60 MB/sec), 950.1 ms avg latency, 1800.0 ms max latency.
                300000 records sent, 41928.721174 records/sec (20.47 MB/sec), 820.43 ms avg latency, 1903.00 ms max latency, 777 ms 50th, 1600 ms 95th, 1850 ms 99th, 1890 ms 99.9th.
                """;
        Results.ProducerBaseline baseline = Baselines.parseProducerSummary(output, 512, "acks=all");
        assertThat(baseline.records()).isEqualTo(300_000);
        assertThat(baseline.recordsPerSecond()).isEqualTo(41928.721174);
        assertThat(baseline.p99LatencyMillis()).isEqualTo(1850);
        assertThat(Baselines.parseProducerSummary("nothing", 512, "")).isNull();
    }

    @Test
    void relayRowsHaveTheOutboxLaneAndThePayloadSize() {
        assertThat(RelayBench.payload(123, 512)).hasSize(512).startsWith("{\"bench\":123,");
        String key = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
        assertThat(RelayBench.lane(key)).isEqualTo(Math.floorMod(key.hashCode(), 16)).isBetween(0, 15);
    }

    @Test
    void lagMeterMatchesEachCommitToItsRecordWhicheverComesFirst() {
        LagMeter meter = new LagMeter();
        long ms = TimeUnit.MILLISECONDS.toNanos(1);
        Instant wall = Instant.parse("2026-01-01T00:00:01Z");
        meter.committed("a", 100 * ms);
        meter.received("a", "2026-01-01T00:00:00.880Z", 150 * ms, wall);
        // the consumer can see a record a hair before its writer notes the commit's return: lag 0, not negative
        meter.received("b", "2026-01-01T00:00:00.990Z", 200 * ms, wall);
        meter.committed("b", 210 * ms);
        meter.received("a", "2026-01-01T00:00:00.880Z", 300 * ms, wall);
        meter.committed("never received", 400 * ms);
        meter.received("no writer of this phase", "not a time", 500 * ms, wall);

        assertThat(meter.commits()).isEqualTo(3);
        assertThat(meter.matched()).isEqualTo(2);
        assertThat(meter.missing()).isEqualTo(1);
        assertThat(meter.unexpected()).isEqualTo(1);
        assertThat(meter.duplicates()).isEqualTo(1);
        assertThat(meter.unreadableTimes()).isEqualTo(1);
        Latency.Summary fromCommit = meter.fromCommit().summary();
        assertThat(fromCommit.count()).isEqualTo(2);
        assertThat(fromCommit.max()).isBetween(49.9, 50.1);
        assertThat(meter.fromCommit().spectrum().get(0).millis()).isZero();
        Latency.Summary fromCreatedAt = meter.fromCreatedAt().summary();
        assertThat(fromCreatedAt.count()).isEqualTo(2);
        assertThat(fromCreatedAt.max()).isBetween(119.9, 120.1);
        assertThat(LagMeter.createdAt("2026-01-01T00:00:00.123456Z")).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
        assertThat(LagMeter.createdAt(null)).isNull();
    }

    @Test
    void writersSlowdownIsOneMinusWithOverWithout() {
        assertThat(Report.slowdown(1000, 650)).isCloseTo(0.35, within(1e-9));
        assertThat(Report.slowdown(1000, 1100)).isCloseTo(-0.1, within(1e-9));
        assertThat(Report.slowdown(0, 650)).isNull();
    }

    @Test
    void liveGoalsAreMetOnlyWhereEveryRowArrivedWithinDebeziumsLag() {
        Results results = sample();
        results.live.set(2, live("rate", 4, 1000.0, 990, lag(20, 80), 1));
        Report.evaluate(results, 32);
        assertThat(Report.markdown(results))
                .contains("| live insert→Kafka lag below Debezium's ≈130 ms p50 / 350 ms p99 | saturation (8 writers, 4,000 rows/s): "
                        + "p50 200 / p99 600 ms; 1000 rows/s: p50 20.0 / p99 80.1 ms, 1 rows never arrived (from each row's commit) "
                        + "| not met |");
        results.live.set(2, live("rate", 4, 1000.0, 990, lag(20, 80), 0));
        Report.evaluate(results, 32);
        assertThat(Report.markdown(results)).contains("| met at 1000 rows/s; not met at saturation (8 writers, 4,000 rows/s) |");
        results.live.set(2, live("rate", 4, 1000.0, 700, lag(20, 80), 0));
        Report.evaluate(results, 32);
        assertThat(Report.markdown(results)).contains("| met at 1000 rows/s offered (700 committed); not met at saturation")
                .contains("At 1000 rows/s the writers were up to 500 ms behind their schedule at worst: the rate offered was not");
    }

    @Test
    void reportRendersMarkdownJsonAndSvg() throws Exception {
        Results results = sample();
        Report.evaluate(results, 32);
        String markdown = Report.header(results) + Report.markdown(results);
        assertThat(markdown)
                .contains("| closed loop, 32 users | 5000 / 5010 | 250 |")
                .contains("| open loop, 200/s offered |")
                .contains("| checkout commit → stock reserved | 40.0 / 90.0 |")
                .contains("| closed loop, 32 users | 20.0 | 15.0 | 10.0 | 2.00 | 8.00 | 5.00 |")
                .contains("| relay (1 instance) / Kafka producer tool | 0.10 |")
                .contains("| end-to-end / JDBC commit ceiling (8 commits per order) | 2.00 |")
                .contains("| checkout p99 ≤ 20 ms at 200 orders/s | 11.9 ms | met |")
                .contains("| end-to-end ≥ 1,000 confirmed orders/s | 250 orders/s (closed loop, 32 users) | not met |")
                .contains("### Outbox relay live: writers and lag")
                .contains("| writers alone, no application running | 8 | 20.0 | 100000 | 5,000 | — | — | — | — | — |")
                .contains("| writers, relay running (app-1) | 8 | 20.0 | 80000 | 4,000 | 80000 / 0 / 0 | 200 / 200 / 600 / 600 | 200 / 600 | 20000 (4.00) | app-1 5.00 |")
                .contains("| fixed rate 1000 rows/s, relay running (app-1) | 4 | 20.0 | 20000 | 1,000 | 20000 / 0 / 0 | 20.0 / ")
                .contains("CPU seconds that processes not of this benchmark took during each phase, of what the machine had: "
                        + "8 writers, no application 1.50 of 40.0. The writers' rates")
                .contains("Writers' slowdown with the relay running: **20 %** (1 − with ÷ without).")
                .contains("| cost to writers below Debezium's 35–40 % slowdown | 20 % (8 writers: 5,000 commits/s alone, "
                        + "4,000 with the relay running) | met |")
                .contains("| met at 1000 rows/s; not met at saturation (8 writers, 4,000 rows/s) |")
                .doesNotContain("not measured by this harness");

        JsonNode json = new ObjectMapper().readTree(Report.json(results));
        assertThat(json.at("/endToEnd/0/confirmedPerSecond").asDouble()).isEqualTo(250);
        assertThat(json.at("/relay/0/eventsPerSecond").asDouble()).isEqualTo(5000);
        assertThat(json.at("/perSecond/checkouts accepted").size()).isEqualTo(4);
        assertThat(json.at("/live/1/lagFromCommit/p99").asDouble()).isBetween(599.0, 601.0);
        assertThat(json.at("/live/2/offeredPerSecond").asDouble()).isEqualTo(1000);
        assertThat(json.at("/liveSlowdown").asDouble()).isCloseTo(0.2, within(1e-9));

        String svg = Report.svg(results);
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(svg)));
        assertThat(document.getDocumentElement().getNodeName()).isEqualTo("svg");
        // two busy stretches in the throughput panel (idle seconds draw nothing), two lines per phase in the latency
        // panel, and one per live phase with the relay
        assertThat(document.getElementsByTagName("polyline").getLength()).isEqualTo(2 + 2 * 2 + 2);
        assertThat(svg).contains("closed, 32 users").contains("open, 200/s").contains("relay ×1")
                .contains("live, 8 writers").contains("live, 1000 rows/s");
    }

    /** A live phase with the relay running whose every row arrived, but {@code missing}, with lag {@code lag}. */
    private static Results.Live live(String mode, int writers, Double rate, double perSecond, Latency lag, long missing) {
        long commits = (long) (perSecond * 20);
        double scheduleLag = rate != null && perSecond < rate ? 500 : 0;
        return new Results.Live("live", mode, writers, rate, 512, 20, commits, perSecond, scheduleLag, commits - missing, missing, 0L,
                lag.summary(), lag.summary(), lag.spectrum(), commits / 4, Map.of("app-1", 5.0));
    }

    /** 100 lags: 98 at {@code p50} ms, the slowest two at {@code p99} ms. */
    private static Latency lag(long p50, long p99) {
        Latency lag = new Latency();
        for (int i = 0; i < 100; i++) {
            lag.recordNanos(TimeUnit.MILLISECONDS.toNanos(i < 98 ? p50 : p99));
        }
        return lag;
    }

    private static Results sample() {
        Results results = new Results();
        results.startedAt = "2026-01-01T00:00:00Z";
        results.machine = new Results.Machine(2, "test CPU", 24, "test OS", "test JVM", "./mvnw verify -Pbench");
        Latency checkout = new Latency();
        Latency e2e = new Latency();
        for (int i = 1; i <= 100; i++) {
            checkout.recordNanos(TimeUnit.MICROSECONDS.toNanos(100 * i + 2000));
            e2e.recordNanos(TimeUnit.MILLISECONDS.toNanos(i + 50));
        }
        results.endToEnd.add(new Results.E2ePhase("closed loop, 32 users", "closed", null, 32, 20, 5010, 5005, 5, 5000, 0, 0,
                250, 0, checkout.summary(), e2e.summary(), 30, 6, 9, 12.5, 3.1, checkout.spectrum(), e2e.spectrum()));
        results.endToEnd.add(new Results.E2ePhase("open loop, 200/s", "open", 200.0, null, 20, 4000, 4000, 0, 4000, 0, 0,
                199, 1.5, checkout.summary(), e2e.summary(), 25, 6.2, 9, 12, 3, checkout.spectrum(), e2e.spectrum()));
        results.relay.add(new Results.Relay(1, 50_000, 512, 10, 5000, 0, Map.of("app-1", 12.0), ""));
        results.live.add(new Results.Live("live: 8 writers, no application", "alone", 8, null, 512, 20, 100_000, 5000, 0, null,
                null, null, null, null, null, null, Map.of()));
        results.live.add(live("relay", 8, null, 4000, lag(200, 600), 0));
        results.live.add(live("rate", 4, 1000.0, 1000, lag(20, 80), 0));
        results.kafkaProducer = new Results.ProducerBaseline(300_000, 512, 50_000, 24.4, 300, 900, "acks=all", "raw");
        results.jdbc.add(new Results.JdbcBaseline(1, 8, 4000, 500));
        results.jdbc.add(new Results.JdbcBaseline(32, 8, 8000, 1000));
        results.commitsPerOrder = new Results.CommitsPerOrder(8, 0.5, 8.5, List.of("checkout"));
        results.cpu.add(new Results.CpuShare("closed loop, 32 users", 20, 15, 10, 2, 8, 5));
        results.cpu.add(new Results.CpuShare("live: 8 writers, no application", 20, 0, 20, 5, 1.5, 13.5));
        results.stages.put("closed loop, 32 users", Map.of("checkout commit → stock reserved", "40.0 / 90.0"));
        results.peakRssMib.put("app-1 (application)", 400.0);
        results.phases = List.of(new Timeline.Phase("relay ×1", 1, 3));
        Timeline timeline = new Timeline(0);
        timeline.count(Timeline.CHECKOUTS, TimeUnit.SECONDS.toNanos(3), 250);
        timeline.count(Timeline.EMAILS, TimeUnit.SECONDS.toNanos(2), 240);
        results.perSecond = timeline.perSecond();
        results.totalSeconds = 4;
        return results;
    }
}
