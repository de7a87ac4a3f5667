package dev.orderpipeline.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** Per-second event counts over the whole run, by series, and the phases that ran when: the throughput chart. */
final class Timeline {

    /** A phase on the time axis, in seconds from the start of the run. */
    record Phase(String name, double startSecond, double endSecond) {
    }

    static final String CHECKOUTS = "checkouts accepted";
    static final String EMAILS = "confirmation emails";
    static final String RELAYED = "outbox rows relayed";
    static final String LIVE_COMMITS = "live outbox commits";

    private static final int MAX_SECONDS = 3600;

    private final long startNanos;
    private final Map<String, AtomicLongArray> series = new LinkedHashMap<>();
    private final List<Phase> phases = new ArrayList<>();

    Timeline(long startNanos) {
        this.startNanos = startNanos;
        for (String name : List.of(CHECKOUTS, EMAILS, RELAYED, LIVE_COMMITS)) {
            series.put(name, new AtomicLongArray(MAX_SECONDS));
        }
    }

    void count(String name, long atNanos, long events) {
        long second = (atNanos - startNanos) / 1_000_000_000L;
        if (second >= 0 && second < MAX_SECONDS) {
            series.get(name).addAndGet((int) second, events);
        }
    }

    double secondsAt(long nanos) {
        return (nanos - startNanos) / 1e9;
    }

    synchronized void phase(String name, long fromNanos, long toNanos) {
        phases.add(new Phase(name, round(secondsAt(fromNanos)), round(secondsAt(toNanos))));
    }

    synchronized List<Phase> phases() {
        return List.copyOf(phases);
    }

    /** Each series as events per second, up to the last second with any event. */
    Map<String, long[]> perSecond() {
        int last = 0;
        for (AtomicLongArray counts : series.values()) {
            for (int i = counts.length() - 1; i >= last; i--) {
                if (counts.get(i) != 0) {
                    last = i + 1;
                    break;
                }
            }
        }
        Map<String, long[]> result = new LinkedHashMap<>();
        for (Map.Entry<String, AtomicLongArray> entry : series.entrySet()) {
            long[] values = new long[last];
            for (int i = 0; i < last; i++) {
                values[i] = entry.getValue().get(i);
            }
            result.put(entry.getKey(), values);
        }
        return result;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
