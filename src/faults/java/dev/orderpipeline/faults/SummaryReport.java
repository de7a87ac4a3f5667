package dev.orderpipeline.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The suite's summary table, printed and written to target/faults/ as Markdown and JSON. */
final class SummaryReport {

    /** One line of the table. */
    record Row(String scenario, long orders, String faults, long lost, long duplicated, long http5xx, long http503,
            long sameIdCopies, Duration time, boolean passed, Map<String, Object> details) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> settings;
    private final Instant started = Instant.now();

    SummaryReport(Map<String, Object> settings) {
        this.settings = settings;
    }

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    synchronized String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| scenario | orders | faults injected | lost | duplicated | 5xx | 503 + Retry-After | same-Message-ID copies | time | result |\n");
        md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row row : rows) {
            md.append("| ").append(row.scenario()).append(" | ").append(row.orders()).append(" | ").append(row.faults())
                    .append(" | ").append(row.lost()).append(" | ").append(row.duplicated()).append(" | ").append(row.http5xx())
                    .append(" | ").append(row.http503()).append(" | ").append(row.sameIdCopies()).append(" | ")
                    .append(String.format("%.0f s", row.time().toMillis() / 1000.0)).append(" | ")
                    .append(row.passed() ? "pass" : "**FAIL**").append(" |\n");
        }
        return md.toString();
    }

    synchronized void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        String table = markdown();
        String header = "# Fault suite summary\n\nRun started " + started + ", " + Runtime.getRuntime().availableProcessors()
                + " cores. Settings: " + settings + "\n\n";
        Files.writeString(directory.resolve("summary.md"), header + table);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("started", started.toString());
        json.put("finished", Instant.now().toString());
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("settings", settings);
        List<Map<String, Object>> scenarios = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("scenario", row.scenario());
            entry.put("orders", row.orders());
            entry.put("faultsInjected", row.faults());
            entry.put("lost", row.lost());
            entry.put("duplicated", row.duplicated());
            entry.put("http5xx", row.http5xx());
            entry.put("http503WithRetryAfter", row.http503());
            entry.put("sameMessageIdCopies", row.sameIdCopies());
            entry.put("seconds", row.time().toMillis() / 1000.0);
            entry.put("passed", row.passed());
            entry.put("details", row.details());
            scenarios.add(entry);
        }
        json.put("scenarios", scenarios);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(directory.resolve("summary.json").toFile(), json);
    }
}
