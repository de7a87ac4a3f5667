package dev.orderpipeline.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ceilings of the parts, measured on the same servers in the same run. */
final class Baselines {

    /**
     * The summary line of Kafka's ProducerPerformance: "N records sent, X records/sec (Y MB/sec), A ms avg latency,
     * M ms max latency, p50 ms 50th, p95 ms 95th, p99 ms 99th, p999 ms 99.9th."
     */
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), "
            + "([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    private Baselines() {
    }

    /** Runs org.apache.kafka.tools.ProducerPerformance in its own JVM against the stack's broker. */
    static Results.ProducerBaseline kafkaProducer(String classpath, String bootstrap, String topic, long records, int recordSize,
            Path log, long timeoutSeconds) throws Exception {
        String props = "acks=all linger.ms=5 enable.idempotence=true";
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", classpath, "org.apache.kafka.tools.ProducerPerformance",
                "--topic", topic, "--num-records", String.valueOf(records), "--record-size", String.valueOf(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap));
        command.addAll(List.of(props.split(" ")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                }
            } catch (Exception e) {
                // ended
            }
        });
        reader.start();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        reader.join(5000);
        String text;
        synchronized (output) {
            text = output.toString();
        }
        Files.writeString(log, text);
        Results.ProducerBaseline parsed = parseProducerSummary(text, recordSize, props);
        if (parsed == null) {
            throw new IllegalStateException("ProducerPerformance printed no summary" + (finished ? "" : " in " + timeoutSeconds + " s")
                    + "; see " + log);
        }
        return parsed;
    }

    /** The last summary line of ProducerPerformance's output, or null. */
    static Results.ProducerBaseline parseProducerSummary(String output, int recordSize, String props) {
        Results.ProducerBaseline last = null;
        for (String line : output.split("\n")) {
            Matcher matcher = SUMMARY.matcher(line);
            if (matcher.find()) {
                last = new Results.ProducerBaseline(Long.parseLong(matcher.group(1)), recordSize, Double.parseDouble(matcher.group(2)),
                        Double.parseDouble(matcher.group(3)), Double.parseDouble(matcher.group(4)),
                        Double.parseDouble(matcher.group(8)), props, line.trim());
            }
        }
        return last;
    }

    /** {@code concurrency} threads, each committing single-row inserts in a loop (autocommit), for a fixed time. */
    static Results.JdbcBaseline jdbcCommits(Database database, int concurrency, long durationNanos) throws Exception {
        database.execute("create table if not exists bench_commit (id bigint generated always as identity primary key, "
                + "payload text not null, created_at timestamptz not null default now())");
        AtomicLong commits = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            connections.add(database.connect());
        }
        String payload = RelayBench.payload(0, 100);
        long start = System.nanoTime();
        long end = start + durationNanos;
        for (Connection connection : connections) {
            Thread thread = new Thread(() -> {
                try (PreparedStatement insert = connection.prepareStatement("insert into bench_commit (payload) values (?)")) {
                    insert.setString(1, payload);
                    while (System.nanoTime() < end) {
                        insert.executeUpdate();
                        commits.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "bench-jdbc");
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.NANOSECONDS.toMillis(durationNanos) + 30_000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Connection connection : connections) {
            connection.close();
        }
        database.execute("drop table bench_commit");
        return new Results.JdbcBaseline(concurrency, seconds, commits.get(), commits.get() / seconds);
    }
}
