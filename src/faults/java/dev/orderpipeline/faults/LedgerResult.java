package dev.orderpipeline.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A scenario's ledger, as counted: lost and duplicated orders, the other counts, and the violations (at most 60 listed). */
final class LedgerResult {

    int orders;
    final Map<String, Integer> byStatus = new TreeMap<>();
    int lost;
    int duplicated;
    int sameIdCopies;
    int unacknowledged;
    int halfWritten;
    long unpublishedOutbox;
    long consumerLag;
    long kafkaRedeliveredRecords;
    Map<String, Long> deadLetters = new TreeMap<>();
    final Map<String, Object> stock = new LinkedHashMap<>();
    final List<String> violations = new ArrayList<>();
    boolean settled;

    boolean ok() {
        return lost == 0 && duplicated == 0 && violations.isEmpty();
    }

    void violation(String text) {
        if (violations.size() < 60) {
            violations.add(text);
        } else if (violations.size() == 60) {
            violations.add("... more violations not listed");
        }
    }

    String summary() {
        return "orders " + orders + " " + byStatus + ", lost " + lost + ", duplicated " + duplicated + ", same-Message-ID copies "
                + sameIdCopies + ", half-written " + halfWritten + ", outbox unpublished " + unpublishedOutbox + ", lag "
                + consumerLag + ", dead letters " + deadLetters + ", settled " + settled + ", " + violations.size()
                + " violations" + (violations.isEmpty() ? "" : ", first: " + violations.subList(0, Math.min(5, violations.size())));
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("orders", orders);
        map.put("byStatus", byStatus);
        map.put("lost", lost);
        map.put("duplicated", duplicated);
        map.put("sameMessageIdCopies", sameIdCopies);
        map.put("unacknowledgedOrders", unacknowledged);
        map.put("halfWritten", halfWritten);
        map.put("unpublishedOutbox", unpublishedOutbox);
        map.put("consumerLag", consumerLag);
        map.put("kafkaRedeliveredRecords", kafkaRedeliveredRecords);
        map.put("deadLettersDuringScenario", deadLetters);
        map.put("stock", stock);
        map.put("settled", settled);
        map.put("violations", violations);
        return map;
    }
}
