package dev.orderpipeline.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.orderpipeline.harness.AppProcess;

/**
 * The relay's own meters (RelayMetrics), read from each application's {@code /q/metrics}: the relay batches, and the
 * buckets of each published row's lag (its transaction → the broker's acknowledgement). They only grow, so a phase's
 * share is the difference of two readings; the outbox keeps no trail of published rows to count them from.
 */
final class RelayMeters {

    static final String BATCHES = "outbox_relay_batch_seconds_count";
    static final String LAG_BUCKET = "outbox_publish_lag_seconds_bucket";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One reading, summed over instances: relay batches, and rows published by lag bucket (upper bound in s, cumulative). */
    record Reading(long batches, Map<Double, Long> lagBuckets) {

        Reading minus(Reading before) {
            Map<Double, Long> buckets = new TreeMap<>();
            lagBuckets.forEach((le, count) -> buckets.put(le, count - before.lagBuckets.getOrDefault(le, 0L)));
            return new Reading(batches - before.batches, buckets);
        }

        /** Rows published. */
        long published() {
            return lagBuckets.getOrDefault(Double.POSITIVE_INFINITY, 0L);
        }

        /**
         * The lag bucket that holds quantile {@code q} of the rows published, as its upper bound in ms ("≤ 25"),
         * "> 60,000" past the last bound, "—" with no row published.
         */
        String lagBound(double q) {
            long total = published();
            if (total == 0) {
                return "—";
            }
            double last = 0;
            for (Map.Entry<Double, Long> bucket : lagBuckets.entrySet()) {
                if (bucket.getValue() >= q * total) {
                    return bucket.getKey().isInfinite() ? "> " + millis(last) : "≤ " + millis(bucket.getKey());
                }
                last = bucket.getKey();
            }
            return "—";
        }

        private static String millis(double seconds) {
            return String.format(java.util.Locale.ROOT, "%,d", Math.round(seconds * 1000));
        }
    }

    private RelayMeters() {
    }

    /** The meters of every instance given, summed. */
    static Reading read(List<AppProcess> apps) throws IOException, InterruptedException {
        Reading sum = new Reading(0, Map.of());
        for (AppProcess app : apps) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(app.managementUrl() + "/q/metrics"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(app.name() + " /q/metrics answered " + response.statusCode());
            }
            Reading one = parse(response.body());
            Map<Double, Long> buckets = new TreeMap<>(sum.lagBuckets());
            one.lagBuckets().forEach((le, count) -> buckets.merge(le, count, Long::sum));
            sum = new Reading(sum.batches() + one.batches(), buckets);
        }
        return sum;
    }

    /** The relay's meters in one Prometheus text exposition. */
    static Reading parse(String metrics) {
        long batches = 0;
        Map<Double, Long> buckets = new TreeMap<>();
        for (String sample : metrics.split("\n")) {
            // An exemplar may follow the value: "... 12.0 # {trace_id=...} 1.0 1796211416.422".
            String line = (sample.contains(" # ") ? sample.substring(0, sample.indexOf(" # ")) : sample).trim();
            long value = line.isEmpty() || line.startsWith("#") ? 0 : (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (named(line, BATCHES)) {
                batches += value;
            } else if (named(line, LAG_BUCKET)) {
                int at = line.indexOf("le=\"") + 4;
                String le = line.substring(at, line.indexOf('"', at));
                buckets.merge(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), value, Long::sum);
            }
        }
        return new Reading(batches, buckets);
    }

    private static boolean named(String line, String name) {
        return line.startsWith(name) && line.length() > name.length()
                && (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ');
    }
}
