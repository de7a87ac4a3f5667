package dev.orderpipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.orderpipeline.harness.ProcStats;

/**
 * Keeps the benchmark harness from rotting, in seconds and without any server: the open-loop schedule, the
 * histograms, the parsers (/proc, Kafka's producer tool; SMTP in {@link SmtpTapTest}), the cost curve's arithmetic and goals, and the
 * rendering of the report and charts. The benchmark itself runs with {@code ./mvnw verify -Pbench}.
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
    void relayMetersReadTheRelaysBatchesAndLagBucketsFromPrometheusTextAndDiffThem() {
        String before = """
                # HELP outbox_relay_batch_seconds Outbox relay batch duration
                # TYPE outbox_relay_batch_seconds histogram
                outbox_relay_batch_seconds_bucket{le="0.005"} 1.0
                outbox_relay_batch_seconds_count 4.0
                outbox_relay_batch_seconds_sum 0.2
                outbox_relay_batch_rows_count 4.0
                outbox_publish_lag_seconds_bucket{le="0.005"} 0.0
                outbox_publish_lag_seconds_bucket{le="0.01"} 10.0
                outbox_publish_lag_seconds_bucket{le="0.025"} 10.0
                outbox_publish_lag_seconds_bucket{le="+Inf"} 10.0
                outbox_publish_lag_seconds_count 10.0
                """;
        String after = """
                outbox_relay_batch_seconds_count 14.0 # {trace_id="0af7651916cd43dd8448eb211c80319c"} 0.01 1796211416.422
                outbox_publish_lag_seconds_bucket{le="0.005"} 50.0
                outbox_publish_lag_seconds_bucket{le="0.01"} 80.0
                outbox_publish_lag_seconds_bucket{le="0.025"} 105.0
                outbox_publish_lag_seconds_bucket{le="+Inf"} 110.0
                """;
        RelayMeters.Reading phase = RelayMeters.parse(after).minus(RelayMeters.parse(before));
        assertThat(phase.batches()).isEqualTo(10);
        assertThat(phase.published()).isEqualTo(100);
        assertThat(phase.lagBound(0.5)).isEqualTo("≤ 5");
        assertThat(phase.lagBound(0.7)).isEqualTo("≤ 10");
        assertThat(phase.lagBound(0.99)).isEqualTo("> 25");
        assertThat(new RelayMeters.Reading(0, Map.of()).lagBound(0.5)).isEqualTo("—");
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
    void relayRowsHaveThePayloadSize() {
        assertThat(RelayBench.payload(123, 512)).hasSize(512).startsWith("{\"bench\":123,");
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
                .contains("### Cost curve: CPU-ms per confirmed order, per process")
                .contains("| load | offered / sent per s | confirmed in time / in all / sent | confirmed/s (second half) | rate kept | application | Kafka | total |")
                .contains("| closed loop, 32 users | — / 251 | 5000 / 5000 / 5010 | 250 (250) | — | 6.00 | 2.00 | 8.00 |")
                .contains("| 200/s | 200 / 200 | 4000 / 4000 / 4000 | 199 (200) | yes | 2.50 | 1.00 | 3.50 |")
                .contains("| 200/s | 7.00 / 11.0 / 11.9 / 12.0 | 100 / 140 / 149 / 150 | 0 | 0 / 0 |")
                .contains("| application | 0.60 | 1.00 |")
                .contains("| ≥ 300 confirmed orders/s, closed loop | 250 orders/s (32 users) | not met: 83 % of the goal (50.0 orders/s short) |")
                .contains("| application CPU ≤ 3 ms per confirmed order at 200 orders/s | 2.50 ms (measured at 200/s) | met, 17 % under |")
                .contains("| checkout p99 ≤ 20 ms at 200 orders/s | 11.9 ms | met, 41 % under |")
                .contains("| application idle ≤ 2 % of one core | 1.0 % of one core (0.60 CPU s in 60.0 s) | met, 50 % under |")
                .contains("| application CPU ≤ 5 ms per confirmed order at 20 orders/s | not measured | — |")
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

        assertThat(json.at("/curve/1/cpuMsPerOrder/application").asDouble()).isEqualTo(2.5);
        assertThat(json.at("/curve/1/kept").asBoolean()).isTrue();
        assertThat(json.at("/idle/percentOfCore/application").asDouble()).isEqualTo(1.0);
        assertThat(json.at("/costGoals/0/verdict").asText()).startsWith("not met");

        String svg = RunChart.svg(results);
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(svg)));
        assertThat(document.getDocumentElement().getNodeName()).isEqualTo("svg");
        assertThat(svg).contains("Throughput over the run").contains("relay ×1").contains("closed, 32 users")
                .contains("open, 200/s").contains("live, 8 writers").contains("live, 1000 rows/s").contains("99.9 %");
    }

    @Test
    void runChartDrawsBusySecondsOnlyAndTwoSpectraPerPhaseAndOnePerLiveRelayPhase() {
        Results results = sample();

        XYPlot throughput = RunChart.throughput(results).getXYPlot();
        assertThat(throughput.getDataset().getSeriesCount()).isEqualTo(results.perSecond.size());
        List<Double> drawn = new ArrayList<>();
        for (int series = 0; series < throughput.getDataset().getSeriesCount(); series++) {
            for (int item = 0; item < throughput.getDataset().getItemCount(series); item++) {
                double value = throughput.getDataset().getYValue(series, item);
                if (!Double.isNaN(value)) {
                    drawn.add(value);
                }
            }
        }
        assertThat(drawn).as("the one busy second of checkouts and of emails; idle seconds are gaps").containsExactlyInAnyOrder(250.0, 240.0);
        assertThat(throughput.getDomainMarkers(Layer.BACKGROUND)).hasSize(1);

        XYPlot latency = RunChart.latency(results).getXYPlot();
        assertThat(latency.getDataset().getSeriesCount()).isEqualTo(2 * 2 + 2);
        assertThat(latency.getLegendItems().getItemCount()).as("the dashed checkout spectra share their phase's entry").isEqualTo(4);
        assertThat(RunChart.nines(90)).isCloseTo(1, within(1e-9));
        assertThat(RunChart.nines(99.99)).isCloseTo(4, within(1e-9));
        assertThat(RunChart.nines(100)).isEqualTo(4.5);
    }

    @Test
    void costPerOrderIsEachProcesssCpuOverConfirmedOrdersWithATotal() {
        Map<String, Double> cpu = new java.util.LinkedHashMap<>();
        cpu.put(CostCurve.APPLICATION, 3.0);
        cpu.put("Kafka", 1.5);
        assertThat(CostCurve.msPerOrder(cpu, 1000)).containsExactly(Map.entry(CostCurve.APPLICATION, 3.0), Map.entry("Kafka", 1.5),
                Map.entry(CostCurve.TOTAL, 4.5));
        assertThat(CostCurve.msPerOrder(cpu, 0).get(CostCurve.TOTAL)).isNaN();
        assertThat(CostCurve.percentOfCore(0.6, 60)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void steadyRateCountsConfirmationsInTheSecondHalfOfTheOffering() {
        long second = TimeUnit.SECONDS.toNanos(1);
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            times.add(i * second / 10); // 10 per second over 10 s
        }
        assertThat(CostCurve.steadyRate(times, 0, 10 * second)).isCloseTo(10, within(1e-9));
        // a pipeline that fell behind: the same confirmations, but offered over 20 s
        assertThat(CostCurve.steadyRate(times, 0, 20 * second)).isZero();
        assertThat(CostCurve.steadyRate(times, 5, 5)).isNaN();
    }

    @Test
    void aRateIsKeptOnlyWhenSentConfirmedInStepAndEveryOrderConfirmed() {
        assertThat(CostCurve.notKeptBecause(200, 199, 195, false, 12, 30, 0, 0)).isEmpty();
        assertThat(CostCurve.notKeptBecause(200, 150, 195, false, 12, 30, 0, 0))
                .containsExactly("the load generator sent only 150/s");
        assertThat(CostCurve.notKeptBecause(400, 400, 61.5, true, 2000, 6.2, 3, 1)).containsExactly(
                "offering stopped after 6.20 s at the backlog bound (2000 orders without their email)",
                "61.5 confirmed/s in the second half of the offering", "3 orders without their email after the drain",
                "1 checkouts failed or unanswered");
        assertThat(CostCurve.notKeptBecause(10, 10, Double.NaN, false, 0, 30, 0, 0)).hasSize(1);
    }

    @Test
    void costBetweenTwoMeasuredRatesIsLinearInTheirReciprocal() {
        Latency none = new Latency();
        List<Results.CostPoint> curve = List.of(point(null, 100, 10, 100, 300, 300, List.of(), none, none, 1, 0),
                point(10.0, 300, 30, 300, 10, 10, List.of(), none, none, 3, 0), // 10 ms per order
                point(50.0, 1500, 30, 1500, 50, 50, List.of(), none, none, 3, 0)); // 2 ms per order
        // cost = a + b / rate through both points: b = 100, a = 0, so 5 ms at 20/s
        CostCurve.Estimate at20 = CostCurve.at(curve, 20, CostCurve.APPLICATION);
        assertThat(at20.value()).isCloseTo(5, within(1e-9));
        assertThat(at20.how()).isEqualTo("interpolated (linear in 1/rate) between 10/s and 50/s");
        assertThat(CostCurve.at(curve, 50, CostCurve.APPLICATION)).isEqualTo(new CostCurve.Estimate(2, "measured at 50/s"));
        assertThat(CostCurve.at(curve, 200, CostCurve.APPLICATION)).isNull(); // no extrapolation
        assertThat(CostCurve.at(curve, 5, CostCurve.APPLICATION)).isNull();
    }

    @Test
    void goalsSayByHowMuchTheyAreMetOrMissed() {
        assertThat(CostGoals.atMost(12.6, 3, "ms")).isEqualTo("not met: 4.2× the limit (+9.60 ms)");
        assertThat(CostGoals.atMost(1.5, 3, "ms")).isEqualTo("met, 50 % under");
        assertThat(CostGoals.atMost(Double.NaN, 3, "ms")).isEqualTo("—");
        assertThat(CostGoals.atLeast(60, 300, "orders/s")).isEqualTo("not met: 20 % of the goal (240 orders/s short)");
        assertThat(CostGoals.atLeast(360, 300, "orders/s")).isEqualTo("met, 1.2× the goal");
        assertThat(CostGoals.atMost(44_171, 250, "ms")).isEqualTo("not met: 177× the limit (+43,921 ms)");
    }

    @Test
    void aRateNotKeptIsSaidNextToItsGoals() {
        Latency fast = new Latency();
        fast.recordNanos(TimeUnit.MILLISECONDS.toNanos(5));
        Results.CostPoint overloaded = point(200.0, 1200, 6, 900, 60, 58, List.of("58.0 confirmed/s in the second half of the offering"),
                fast, fast, 9, 1);
        List<Results.Goal> goals = CostGoals.evaluate(List.of(overloaded), null);
        assertThat(goals).extracting(Results.Goal::measured).contains("10.0 ms (measured at 200/s); the rate was not kept: 60.0 confirmed/s",
                "5.00 ms; the rate was not kept: 60.0 confirmed/s", "not measured");
        assertThat(goals).extracting(Results.Goal::verdict).contains("not met: 3.3× the limit (+7.00 ms)", "met, 75 % under", "met, 98 % under");
    }

    @Test
    void costChartIsAnSvgWithOneLinePerProcessAndLoad() throws Exception {
        Results results = sample();
        String svg = CostChart.svg(results);
        var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
        assertThat(document.getDocumentElement().getNodeName()).isEqualTo("svg");
        assertThat(svg).contains("CPU-ms per confirmed order, by process").contains("closed loop (32 users)").contains("200/s")
                .contains(CostCurve.APPLICATION).contains("Kafka").contains("checkout→email p99 goal at 200/s");
        assertThat(CostChart.svg(new Results())).contains("No load phase was measured");
    }

    /** A cost-curve point: the application and Kafka used {@code appCpu} and {@code kafkaCpu} CPU seconds. */
    private static Results.CostPoint point(Double rate, long sent, double seconds, long confirmed, double confirmedPerSecond,
            double steady, List<String> notKept, Latency checkout, Latency e2e, double appCpu, double kafkaCpu) {
        Map<String, Double> cpu = new java.util.LinkedHashMap<>();
        cpu.put(CostCurve.APPLICATION, appCpu);
        cpu.put("Kafka", kafkaCpu);
        return new Results.CostPoint(rate == null ? "closed" : "open", rate, rate == null ? 32 : null, seconds, seconds + 1, sent,
                sent / seconds, confirmed, confirmed, true, confirmedPerSecond, steady, rate == null ? null : notKept.isEmpty(), notKept,
                false, 0, 0, 0, checkout.summary(), e2e.summary(), cpu, CostCurve.msPerOrder(cpu, confirmed));
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
        results.curve.add(point(null, 5010, 20, 5000, 250, 250, List.of(), checkout, e2e, 30, 10));
        results.curve.add(point(200.0, 4000, 20, 4000, 199, 200, List.of(), checkout, e2e, 10, 4));
        results.idle = new Results.Idle(60, Map.of(CostCurve.APPLICATION, 0.6), Map.of(CostCurve.APPLICATION, 1.0));
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
