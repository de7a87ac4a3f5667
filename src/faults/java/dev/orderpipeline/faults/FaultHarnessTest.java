package dev.orderpipeline.faults;

import dev.orderpipeline.notification.service.EmailTemplates;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.orderpipeline.checkout.events.OrderPlaced;
import dev.orderpipeline.inventory.events.StockRejected;
import dev.orderpipeline.payment.events.PaymentCaptured;

/**
 * The fault suite's own pieces that need no servers (fuzz generators, Message-ID parsing, the ledger's per-order
 * invariants, the summary table). Runs in
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

    @Test
    void ledgerFindsNothingWrongWithAConfirmedOrderThatLeftEveryEffectOnce() {
        UUID id = UUID.randomUUID();
        LedgerResult result = new LedgerResult();
        OrderInvariants invariants = invariants(result, id, Map.of(id + ".confirmation", 1), false);

        invariants.acceptedIsStored(id, true);
        invariants.check(confirmed(id, "CAPTURED", 1));

        assertThat(result.violations).isEmpty();
        assertThat(invariants.lost()).isZero();
        assertThat(invariants.duplicatedOnly()).isZero();
    }

    @Test
    void ledgerCountsAnOrderLostOnceHoweverManyOfItsEffectsAreMissing() {
        UUID id = UUID.randomUUID();
        UUID neverStored = UUID.randomUUID();
        LedgerResult result = new LedgerResult();
        OrderInvariants invariants = invariants(result, id, Map.of(), false);

        invariants.acceptedIsStored(neverStored, false);
        invariants.check(confirmed(id, null, 0));

        assertThat(invariants.lost()).isEqualTo(2);
        assertThat(result.violations).anyMatch(text -> text.contains(neverStored + " was accepted (202) but is not in the database"))
                .anyMatch(text -> text.contains("CONFIRMED but provider charge null"))
                .anyMatch(text -> text.contains("0 sent_email rows"))
                .anyMatch(text -> text.contains("no confirmation email in the mail box"));
    }

    @Test
    void ledgerCountsARejectedOrderThatWasChargedAsDuplicated() {
        UUID id = UUID.randomUUID();
        LedgerResult result = new LedgerResult();
        Map<String, Map<String, Integer>> types = Map.of(id.toString(), Map.of(OrderPlaced.TYPE, 1, StockRejected.TYPE, 1));
        OrderInvariants invariants = new OrderInvariants(result, types, Map.of(id + ".rejection", 1), false, ignored -> "");

        invariants.check(new OrderRow(id, "REJECTED", "r@faults.example", 1, 1, 1, 1, "CAPTURED", "CAPTURED", 0, 0, 0, 1));

        assertThat(invariants.duplicatedOnly()).isOne();
        assertThat(invariants.lost()).isZero();
        assertThat(result.violations).singleElement().asString().contains("REJECTED but charged");
    }

    @Test
    void ledgerToleratesASameMessageIdCopyOnlyWhereAProcessWasKilled() {
        UUID id = UUID.randomUUID();
        LedgerResult killed = new LedgerResult();
        invariants(killed, id, Map.of(id + ".confirmation", 2), true).check(confirmed(id, "CAPTURED", 1));
        LedgerResult calm = new LedgerResult();
        invariants(calm, id, Map.of(id + ".confirmation", 2), false).check(confirmed(id, "CAPTURED", 1));

        assertThat(killed.sameIdCopies).isOne();
        assertThat(killed.violations).isEmpty();
        assertThat(calm.sameIdCopies).isOne();
        assertThat(calm.violations).singleElement().asString().contains("2 copies of its confirmation email although no process was killed");
    }

    @Test
    void ledgerCountsAStuckOrderLostAndNamesItsDeadLetters() {
        UUID id = UUID.randomUUID();
        LedgerResult result = new LedgerResult();
        OrderInvariants invariants = new OrderInvariants(result, Map.of(id.toString(), Map.of(OrderPlaced.TYPE, 1)), Map.of(),
                false, stuck -> " (1 of its messages in the dead-letter store)");

        invariants.check(new OrderRow(id, "STOCK_RESERVED", "s@faults.example", 1, 1, 0, 1, null, null, 0, 1, 0, 0));

        assertThat(invariants.lost()).isOne();
        assertThat(result.violations).containsExactly("order " + id + " stuck in STOCK_RESERVED (1 of its messages in the dead-letter store)");
    }

    @Test
    void publishedRecordsCountOrderPlacedByDistinctIdAndFindRecordsOfKeysNotAccepted() {
        String order = UUID.randomUUID().toString();
        String twice = UUID.randomUUID().toString();
        String stranger = UUID.randomUUID().toString();
        PublishedRecords records = new PublishedRecords(List.of(
                new KafkaTool.Event("orders", order, "a", OrderPlaced.TYPE, 1_000),
                new KafkaTool.Event("orders", order, "a", OrderPlaced.TYPE, 1_500), // relayed again: same id
                new KafkaTool.Event("payments", order, "b", PaymentCaptured.TYPE, 2_000),
                new KafkaTool.Event("orders", twice, "c", OrderPlaced.TYPE, 1_000),
                new KafkaTool.Event("orders", twice, "d", OrderPlaced.TYPE, 1_000), // a second OrderPlaced written
                new KafkaTool.Event("orders", stranger, "e", OrderPlaced.TYPE, 900),
                new KafkaTool.Event("orders", stranger, "f", OrderPlaced.TYPE, 3_000),
                new KafkaTool.Event("inventory", null, "g", StockRejected.TYPE, 3_000)));

        assertThat(records.placedIdsByKey(Set.of(order, twice)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(order, Set.of("a"), twice, Set.of("c", "d")));
        assertThat(records.typesByKey(Set.of(order))).isEqualTo(Map.of(order, Map.of(OrderPlaced.TYPE, 2, PaymentCaptured.TYPE, 1)));
        assertThat(records.redelivered(Set.of(order, twice))).isOne();
        assertThat(records.keyedOutside(Set.of(order, twice), java.time.Instant.ofEpochMilli(1_000)))
                .as("the stranger's record from 3,000 ms and the record without a key").isEqualTo(2);
    }

    private static OrderInvariants invariants(LedgerResult result, UUID id, Map<String, Integer> mails, boolean killsProcesses) {
        Map<String, Map<String, Integer>> types = Map.of(id.toString(), Map.of(OrderPlaced.TYPE, 1, PaymentCaptured.TYPE, 1));
        return new OrderInvariants(result, types, mails, killsProcesses, ignored -> "");
    }

    /** A CONFIRMED order of one line, its reservation committed, with the given charge and sent_email rows. */
    private static OrderRow confirmed(UUID id, String charge, long sentEmails) {
        return new OrderRow(id, "CONFIRMED", "c@faults.example", 1, 1, 1, 1, charge, charge, 1, 0, 0, sentEmails);
    }

    @Test
    void orderMixIsReplayedBySeedAndMixesEveryOutcome() {
        OrderMix.Products products = new OrderMix.Products("P", "S", "L");
        List<OrderLoad.Spec> first = OrderMix.specs(new java.util.Random(11), 1000, "k-", "m@faults.example", products);
        List<OrderLoad.Spec> again = OrderMix.specs(new java.util.Random(11), 1000, "k-", "m@faults.example", products);

        assertThat(first).isEqualTo(again);
        assertThat(first.get(7).idempotencyKey()).isEqualTo("k-7");
        long luxe = first.stream().filter(spec -> spec.body().contains("\"L\"")).count();
        long together = first.stream().filter(spec -> spec.body().contains("\"P\"") && spec.body().contains("\"S\"")).count();
        assertThat(luxe).isBetween(50L, 150L);
        assertThat(together).isBetween(50L, 150L);
    }

    @Test
    void deadLetterCountTellsMissingFromExtraPerConsumer() {
        DeadLetterCount count = DeadLetterCount.of(Map.of("inventory", 8L, "payment", 12L, "stranger", 1L),
                Map.of("missing CloudEvents id", 15L, "other", 6L), Map.of("inventory", 10L, "payment", 10L));

        assertThat(count.missing()).isEqualTo(2);
        assertThat(count.extra()).isEqualTo(3);
        assertThat(count.withoutCloudEventsId()).isEqualTo(15);
    }

    @Test
    void restFuzzTallyForgivesOnlyOversizedUploadsThatTheHttpLayerCutOff() {
        RestFuzzTally tally = new RestFuzzTally(10);
        tally.add(new RestFuzzer.Case("oversized", new byte[11], "application/json", null), null, new java.io.IOException("closed"));
        tally.add(new RestFuzzer.Case("random-json", new byte[5], "application/json", null), null, new java.io.IOException("reset"));

        assertThat(tally.transportErrors()).isOne();
        assertThat(tally.transportSamples).singleElement().asString().startsWith("random-json (5 bytes)");
        assertThat(tally.details(0, 0, 0, 0)).containsEntry("oversizedUploadsCutOffByTheHttpLayer", 1);
    }

    @Test
    void httpBodyLimitIsReadFromTheApplicationsOwnPropertiesAndLiesAboveTheApisLimit() {
        ProductSettings product = ProductSettings.read(java.nio.file.Path.of("."));

        assertThat(product.maxHttpBodyBytes()).isGreaterThan(product.apiMaxBodyBytes());
        assertThat(product.apiMaxBodyBytes()).isPositive();
    }
}
