package dev.orderpipeline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** A latency distribution in microseconds (HdrHistogram, 3 significant digits, up to 10 minutes). */
final class Latency {

    /** p50/p90/p95/p99/max in milliseconds. */
    record Summary(long count, double p50, double p90, double p95, double p99, double max) {
    }

    /** One point of the percentile spectrum, for the chart. */
    record Point(double percentile, double millis) {
    }

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Histogram histogram = new ConcurrentHistogram(HIGHEST_MICROS, 3);

    void recordNanos(long nanos) {
        histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1000)));
    }

    long count() {
        return histogram.getTotalCount();
    }

    Summary summary() {
        if (histogram.getTotalCount() == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Summary(histogram.getTotalCount(), millis(histogram.getValueAtPercentile(50)),
                millis(histogram.getValueAtPercentile(90)), millis(histogram.getValueAtPercentile(95)), millis(histogram.getValueAtPercentile(99)),
                millis(histogram.getMaxValue()));
    }

    /** Latency at fixed percentiles from 0 to 99.99 and the maximum (as percentile 100). */
    List<Point> spectrum() {
        List<Point> points = new ArrayList<>();
        if (histogram.getTotalCount() == 0) {
            return points;
        }
        for (double p : new double[] { 0, 10, 25, 50, 75, 90, 95, 97.5, 99, 99.5, 99.9, 99.95, 99.99 }) {
            points.add(new Point(p, millis(p == 0 ? histogram.getMinValue() : histogram.getValueAtPercentile(p))));
        }
        points.add(new Point(100, millis(histogram.getMaxValue())));
        return points;
    }

    private static double millis(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
