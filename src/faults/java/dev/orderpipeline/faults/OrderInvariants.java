package dev.orderpipeline.faults;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import dev.orderpipeline.checkout.events.OrderPlaced;
import dev.orderpipeline.inventory.events.StockRejected;
import dev.orderpipeline.inventory.events.StockReserved;
import dev.orderpipeline.payment.events.PaymentCaptured;
import dev.orderpipeline.payment.events.PaymentDeclined;

/**
 * The ledger's invariants of each order, one method each, checked against what the database, Kafka and the mail boxes
 * hold: every broken one is a violation, and an order counts at most once as lost and, if not lost, once as duplicated.
 */
final class OrderInvariants {

    private static final Map<String, String> EMAIL_KIND = Map.of(
            "CONFIRMED", "confirmation", "REJECTED", "rejection", "PAYMENT_FAILED", "payment_failed");

    private final LedgerResult result;
    /** Record types on Kafka by order id (the record key). */
    private final Map<String, Map<String, Integer>> typesByKey;
    /** Emails delivered, by "{order id}.{kind}" of their Message-ID. */
    private final Map<String, Integer> mails;
    private final boolean killsProcesses;
    /** Says how many of an order's messages are in the dead-letter store, for a stuck order's violation. */
    private final Function<UUID, String> deadLetterNote;
    private final Set<UUID> lost = new HashSet<>();
    private final Set<UUID> duplicated = new HashSet<>();

    OrderInvariants(LedgerResult result, Map<String, Map<String, Integer>> typesByKey, Map<String, Integer> mails,
            boolean killsProcesses, Function<UUID, String> deadLetterNote) {
        this.result = result;
        this.typesByKey = typesByKey;
        this.mails = mails;
        this.killsProcesses = killsProcesses;
        this.deadLetterNote = deadLetterNote;
    }

    /** An order the client saw accepted (202) must be in the database. */
    void acceptedIsStored(UUID id, boolean stored) {
        if (!stored) {
            lost(id, "order " + id + " was accepted (202) but is not in the database");
        }
    }

    /** Every invariant of one stored order, in the order the violations are listed. */
    void check(OrderRow row) {
        Map<String, Integer> types = typesByKey.getOrDefault(row.id().toString(), Map.of());
        wholeWritten(row);
        placedOnKafka(row, types);
        if (!isFinal(row)) {
            return;
        }
        oneFinalStatus(row);
        switch (row.status()) {
            case "CONFIRMED" -> confirmedEffects(row, types);
            case "REJECTED" -> rejectedEffects(row, types);
            case "PAYMENT_FAILED" -> paymentFailedEffects(row, types);
            default -> throw new IllegalStateException(row.status());
        }
        oneEmailRow(row);
        oneEmailOfTheRightKind(row);
    }

    int lost() {
        return lost.size();
    }

    /** Orders with a second effect and nothing missing. */
    int duplicatedOnly() {
        Set<UUID> only = new HashSet<>(duplicated);
        only.removeAll(lost);
        return only.size();
    }

    /** Its lines, its PLACED history entry and one OrderPlaced message (Kafka or outbox): no half-written order. */
    private void wholeWritten(OrderRow row) {
        if (row.lines() == 0 || row.placedHistory() != 1 || row.placedEvents() != 1) {
            result.halfWritten++;
            result.violation("order " + row.id() + " is half-written: " + row.lines() + " lines, " + row.placedHistory()
                    + " PLACED history rows, " + row.placedEvents() + " OrderPlaced messages (distinct ids on Kafka and in the outbox)");
        }
    }

    private void placedOnKafka(OrderRow row, Map<String, Integer> types) {
        if (types.getOrDefault(OrderPlaced.TYPE, 0) == 0) {
            result.violation("order " + row.id() + ": no OrderPlaced record on the orders topic");
        }
    }

    /** An order not final is lost; nothing else of it is checked. */
    private boolean isFinal(OrderRow row) {
        if (Ledger.FINAL.contains(row.status())) {
            return true;
        }
        lost(row.id(), "order " + row.id() + " stuck in " + row.status() + deadLetterNote.apply(row.id()));
        return false;
    }

    private void oneFinalStatus(OrderRow row) {
        if (row.finals() > 1) {
            duplicated(row.id(), "order " + row.id() + " has " + row.finals() + " final statuses in its history");
        }
    }

    /** Captured by the provider and in payment, every line's reservation committed, PaymentCaptured on Kafka. */
    private void confirmedEffects(OrderRow row, Map<String, Integer> types) {
        UUID id = row.id();
        if (!"CAPTURED".equals(row.charge()) || !"CAPTURED".equals(row.payment())) {
            lost(id, "order " + id + " CONFIRMED but provider charge " + row.charge() + ", payment " + row.payment());
        }
        if (row.committed() != row.lines() || row.held() + row.released() > 0) {
            lost(id, "order " + id + " CONFIRMED with reservations committed/held/released "
                    + row.committed() + "/" + row.held() + "/" + row.released() + " for " + row.lines() + " lines");
        }
        if (types.getOrDefault(PaymentCaptured.TYPE, 0) == 0) {
            result.violation("order " + id + " CONFIRMED without a PaymentCaptured record on Kafka");
        }
    }

    /** Nothing charged, nothing reserved, StockRejected on Kafka. */
    private void rejectedEffects(OrderRow row, Map<String, Integer> types) {
        UUID id = row.id();
        if (row.charge() != null || row.payment() != null) {
            duplicated(id, "order " + id + " REJECTED but charged: provider " + row.charge() + ", payment " + row.payment());
        }
        if (row.committed() + row.held() + row.released() > 0) {
            duplicated(id, "order " + id + " REJECTED but has stock reservations");
        }
        if (types.getOrDefault(StockRejected.TYPE, 0) == 0) {
            result.violation("order " + id + " REJECTED without a StockRejected record on Kafka");
        }
    }

    /** No capture, every line's reservation released, StockReserved and PaymentDeclined on Kafka. */
    private void paymentFailedEffects(OrderRow row, Map<String, Integer> types) {
        UUID id = row.id();
        if ("CAPTURED".equals(row.charge())) {
            duplicated(id, "order " + id + " PAYMENT_FAILED but the provider captured it");
        }
        if (row.released() != row.lines() || row.held() + row.committed() > 0) {
            lost(id, "order " + id + " PAYMENT_FAILED with reservations committed/held/released "
                    + row.committed() + "/" + row.held() + "/" + row.released());
        }
        if (types.getOrDefault(StockReserved.TYPE, 0) == 0 || types.getOrDefault(PaymentDeclined.TYPE, 0) == 0) {
            result.violation("order " + id + " PAYMENT_FAILED without StockReserved/PaymentDeclined records on Kafka");
        }
    }

    private void oneEmailRow(OrderRow row) {
        if (row.sentEmails() == 0) {
            lost(row.id(), "order " + row.id() + " has 0 sent_email rows");
        } else if (row.sentEmails() > 1) {
            duplicated(row.id(), "order " + row.id() + " has " + row.sentEmails() + " sent_email rows");
        }
    }

    /**
     * The email of its final status in the mail box, and no other kind; a second copy with the same Message-ID is
     * counted, and a violation only where no process was killed.
     */
    private void oneEmailOfTheRightKind(OrderRow row) {
        UUID id = row.id();
        String expected = EMAIL_KIND.get(row.status());
        for (String kind : EMAIL_KIND.values()) {
            int copies = mails.getOrDefault(id + "." + kind, 0);
            if (kind.equals(expected)) {
                if (copies == 0) {
                    lost(id, "order " + id + " " + row.status() + ": no " + kind + " email in the mail box");
                } else if (copies > 1) {
                    result.sameIdCopies += copies - 1;
                    if (!killsProcesses) {
                        result.violation("order " + id + ": " + copies + " copies of its " + kind
                                + " email although no process was killed");
                    }
                }
            } else if (copies > 0) {
                duplicated(id, "order " + id + " " + row.status() + " also got a " + kind + " email");
            }
        }
    }

    private void lost(UUID id, String violation) {
        lost.add(id);
        result.violation(violation);
    }

    private void duplicated(UUID id, String violation) {
        duplicated.add(id);
        result.violation(violation);
    }
}
