package dev.orderpipeline.faults;

import dev.orderpipeline.notification.service.EmailTemplates;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The fault suite's own pieces that need no servers (fuzz generators, Message-ID parsing, the summary table). Runs in
 * the default build in well under a second; the suite itself is {@code ./mvnw verify -Pfaults}.
 */
class FaultHarnessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void restFuzzerIsDeterministicAndCoversEveryKind() {
        List<RestFuzzer.Case> first = new RestFuzzer(42, List.of("A", "B"), List.of("f@faults.example")).generate(2000);
        List<RestFuzzer.Case> again = new RestFuzzer(42, List.of("A", "B"), List.of("f@faults.example")).generate(2000);
        assertThat(first).hasSize(2000);
        for (int i = 0; i < first.size(); i++) {
            assertThat(first.get(i).body()).isEqualTo(again.get(i).body());
        }
        Set<String> kinds = first.stream().map(RestFuzzer.Case::kind).collect(Collectors.toSet());
        assertThat(kinds).contains("mutated-fields", "random-json", "broken-syntax", "deep-nesting", "oversized", "unicode",
                "random-bytes", "empty-or-scalar", "huge-numbers", "valid-or-almost");
        assertThat(first.stream().filter(c -> c.body().length > 65_536)).isNotEmpty();
        assertThat(first.stream().filter(c -> !"application/json".equals(c.contentType()))).isNotEmpty();
    }

    @Test
    void validOrdersFromTheFuzzerAreValidJson() throws Exception {
        RestFuzzer fuzzer = new RestFuzzer(7, List.of("SKU-A", "SKU-B", "SKU-C"), List.of("f@faults.example"));
        for (int i = 0; i < 200; i++) {
            var order = JSON.readTree(fuzzer.validOrder());
            assertThat(order.get("customerEmail").asText()).isEqualTo("f@faults.example");
            assertThat(order.get("items").size()).isBetween(1, 3);
            JSON.readTree(fuzzer.value(0, 4)); // random values are JSON too
        }
    }

    @Test
    void quoteEscapesWhatJsonNeedsAndKeepsLoneSurrogatesEscaped() throws Exception {
        String nasty = "a\"b\\c\u0000d\ud800e\ud83d\ude00";
        String quoted = RestFuzzer.quote(nasty);
        assertThat(quoted).contains("\\ud800").contains("\\u0000").doesNotContain("\u0000");
        assertThat(JSON.readTree(quoted).asText()).isEqualTo(nasty);
    }

    @Test
    void brokerPoisonIsUniqueAndNeverTheJsonObjectAnEventNeeds() {
        BrokerFuzzer fuzzer = new BrokerFuzzer(3, "run");
        Set<String> payloads = new java.util.HashSet<>();
        for (int i = 0; i < 500; i++) {
            payloads.add(new String(fuzzer.randomPayload("n" + i), StandardCharsets.ISO_8859_1));
            byte[] garbage = fuzzer.garbageBody("g" + i);
            String text = new String(garbage, StandardCharsets.UTF_8);
            boolean objectWithUsableFields = text.startsWith("{") && !text.contains("[") && text.endsWith("}");
            assertThat(objectWithUsableFields).as(text).isFalse();
        }
        assertThat(payloads).hasSize(500);
    }

    @Test
    void orderMessageIdsAreRecognised() {
        Matcher matcher = EmailTemplates.MESSAGE_ID.matcher("<order-2b1e5f0e-8a43-4a35-9d3b-0e1b0b7e6a11.payment_failed@order-pipeline>");
        assertThat(matcher.matches()).isTrue();
        assertThat(matcher.group(2)).isEqualTo("payment_failed");
    }

    @Test
    void summaryTableHasTheColumnsTheIssueAsksFor() {
        SummaryReport report = new SummaryReport(Map.of("orders", 500));
        report.add(new SummaryReport.Row("1. SIGKILL", 500, "SIGKILL app", 0, 0, 0, 0, 0, Duration.ofSeconds(75), true, Map.of()));
        String markdown = report.markdown();
        assertThat(markdown).startsWith("| scenario | orders | faults injected | lost | duplicated | 5xx |");
        assertThat(markdown).contains("| 1. SIGKILL | 500 | SIGKILL app | 0 | 0 | 0 | 0 | 0 | 75 s | pass |");
    }
}
