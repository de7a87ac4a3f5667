package dev.orderpipeline.faults;

import dev.orderpipeline.checkout.OrderStatus;
import java.util.stream.Collectors;
import java.util.Arrays;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import dev.orderpipeline.checkout.events.OrderPlaced;
import dev.orderpipeline.harness.Jdbc;
import dev.orderpipeline.inventory.events.StockRejected;
import dev.orderpipeline.inventory.events.StockReserved;
import dev.orderpipeline.payment.events.PaymentCaptured;
import dev.orderpipeline.payment.events.PaymentDeclined;

/**
 * The lost/duplicate ledger of one scenario, computed from the database (JDBC), Kafka (the topics and the
 * consumer groups' lag) and the SMTP server's mail boxes (IMAP), never from the application's own API.
 *
 * <p>Per order in scope (accepted by the client, or stored for one of the scope's customer addresses):
 * <ul>
 * <li>lost: accepted but not in the database, not final, or final without its effect (a charge for CONFIRMED, the
 * stock reservation committed or released, its email);</li>
 * <li>duplicated: more than one final status in its history, a capture for an order that is not CONFIRMED, more
 * than one email row, an email of the wrong kind;</li>
 * <li>same-Message-ID copies: an email delivered more than once with the same Message-ID (the documented SMTP
 * window: a process killed between the SMTP server's acceptance and the commit). Allowed only where the scenario
 * kills a process; a violation anywhere else.</li>
 * </ul>
 * Per SKU in scope: initial stock (the administrator's level) = available + COMMITTED units, and nothing HELD at
 * the end. Globally: no outbox row unpublished, no consumer lag. Every order has its lines, its PLACED history and
 * its OrderPlaced outbox row (no half-written order).
 */
final class Ledger {

    /** Longer than a consumer group's session timeout (45 s) plus Artemis's longest redelivery delay. */
    private static final Duration NO_PROGRESS = Duration.ofSeconds(100);

    static final Set<String> FINAL = Arrays.stream(OrderStatus.values()).filter(OrderStatus::isFinal).map(Enum::name)
            .collect(Collectors.toUnmodifiableSet());
    private static final Map<String, String> EMAIL_KIND = Map.of(
            "CONFIRMED", "confirmation", "REJECTED", "rejection", "PAYMENT_FAILED", "payment_failed");

    /** What a scenario's ledger covers. */
    record Scope(String name, Set<UUID> accepted, Set<String> emails, Set<String> skus, Instant since, boolean killsProcesses) {
    }

    /** The ledger's verdict. */
    static final class Result {
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

    private final Jdbc db;
    private final KafkaTool kafka;
    private final MailCounter mail;

    Ledger(Jdbc db, KafkaTool kafka, MailCounter mail) {
        this.db = db;
        this.kafka = kafka;
        this.mail = mail;
    }

    /**
     * Waits until the pipeline is quiet for the scope: every order final, its email recorded, the outbox empty,
     * no consumer lag, and nothing changing for a few seconds. Returns false on timeout (the ledger then counts).
     */
    boolean awaitQuiet(Scope scope, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String previous = null;
        int stableRounds = 0;
        long lastProgress = System.nanoTime();
        while (System.nanoTime() < deadline) {
            String signature;
            boolean done;
            try {
                List<Long> counts = db.query("""
                        select count(*),
                               count(*) filter (where o.status in ('CONFIRMED', 'REJECTED', 'PAYMENT_FAILED')),
                               (select count(*) from sent_email e where e.order_id = any (?)),
                               (select count(*) from outbox_message where published_at is null),
                               (select count(*) from order_history h where h.order_id = any (?))
                        from customer_order o where o.id = any (?)""",
                        row -> List.of(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5)),
                        uuids(scope.accepted()), uuids(scope.accepted()), uuids(scope.accepted())).get(0);
                long lag = kafka.lagByGroup().values().stream().mapToLong(Long::longValue).sum();
                signature = counts + "/" + lag;
                done = counts.get(0) == scope.accepted().size() && counts.get(1).equals(counts.get(0))
                        && counts.get(2).equals(counts.get(0)) && counts.get(3) == 0 && lag == 0;
            } catch (RuntimeException e) {
                signature = "error " + e;
                done = false;
            }
            stableRounds = signature.equals(previous) ? stableRounds + 1 : 0;
            if (!signature.equals(previous)) {
                lastProgress = System.nanoTime();
            }
            previous = signature;
            if (done && stableRounds >= 2) {
                return true;
            }
            if (System.nanoTime() - lastProgress > NO_PROGRESS.toNanos()) {
                return false; // stuck: nothing moved for a long while, the ledger will say what is missing
            }
            Thread.sleep(done ? 2000 : 1000);
        }
        return false;
    }

    Result check(Scope scope, boolean settled) {
        Result result = new Result();
        result.settled = settled;
        Set<UUID> accepted = scope.accepted();

        // --- the database: every order of the scope, accepted or merely stored for one of its customers
        record Row(UUID id, String status, String email, long lines, long placedHistory, long finals, long placedEvents,
                String charge, String payment, long committed, long held, long released, long sentEmails) {
        }
        List<Row> rows = db.query("""
                select o.id, o.status, o.customer_email,
                  (select count(*) from order_line l where l.order_id = o.id),
                  (select count(*) from order_history h where h.order_id = o.id and h.status = 'PLACED'),
                  (select count(*) from order_history h where h.order_id = o.id
                      and h.status in ('CONFIRMED', 'REJECTED', 'PAYMENT_FAILED')),
                  (select count(*) from outbox_message m where m.message_key = o.id::text and m.type = ?),
                  (select c.status from simulated_provider_charge c where c.idempotency_key = o.id::text),
                  (select p.status from payment p where p.order_id = o.id),
                  (select count(*) from stock_reservation r where r.order_id = o.id and r.status = 'COMMITTED'),
                  (select count(*) from stock_reservation r where r.order_id = o.id and r.status = 'HELD'),
                  (select count(*) from stock_reservation r where r.order_id = o.id and r.status = 'RELEASED'),
                  (select count(*) from sent_email e where e.order_id = o.id)
                from customer_order o
                where o.id = any (?) or o.customer_email = any (?)""",
                row -> new Row(row.getObject(1, UUID.class), row.getString(2), row.getString(3), row.getLong(4), row.getLong(5),
                        row.getLong(6), row.getLong(7), row.getString(8), row.getString(9), row.getLong(10), row.getLong(11),
                        row.getLong(12), row.getLong(13)),
                OrderPlaced.TYPE, uuids(accepted), Jdbc.array("varchar", scope.emails()));
        Map<UUID, Row> byId = new HashMap<>();
        rows.forEach(row -> byId.put(row.id(), row));
        result.orders = rows.size();

        Set<UUID> lostOrders = new HashSet<>();
        Set<UUID> duplicatedOrders = new HashSet<>();
        for (UUID id : accepted) {
            if (!byId.containsKey(id)) {
                lostOrders.add(id);
                result.violation("order " + id + " was accepted (202) but is not in the database");
            }
        }

        // --- Kafka: the events of each order, and how many records were relayed more than once (tolerated)
        List<KafkaTool.Event> events = kafka.readAll(Set.of("orders", "inventory", "payments"));
        Map<String, Map<String, Integer>> typesByKey = new HashMap<>();
        Map<String, Integer> idCounts = new HashMap<>();
        Set<String> inScope = new HashSet<>();
        byId.keySet().forEach(id -> inScope.add(id.toString()));
        for (KafkaTool.Event event : events) {
            if (event.key() != null && inScope.contains(event.key())) {
                typesByKey.computeIfAbsent(event.key(), k -> new HashMap<>()).merge(String.valueOf(event.type()), 1, Integer::sum);
                if (event.id() != null) {
                    idCounts.merge(event.id(), 1, Integer::sum);
                }
            }
        }
        result.kafkaRedeliveredRecords = idCounts.values().stream().mapToLong(count -> count - 1).sum();

        // --- the mail boxes
        Map<String, Integer> mails = new HashMap<>();
        Set<String> recipients = new HashSet<>(scope.emails());
        rows.forEach(row -> recipients.add(row.email()));
        for (String recipient : recipients) {
            mail.countByMessageId(recipient).forEach((key, count) -> mails.merge(key, count, Integer::sum));
        }

        for (Row row : rows) {
            UUID id = row.id();
            result.byStatus.merge(row.status(), 1, Integer::sum);
            if (!accepted.contains(id)) {
                result.unacknowledged++;
            }
            if (row.lines() == 0 || row.placedHistory() != 1 || row.placedEvents() != 1) {
                result.halfWritten++;
                result.violation("order " + id + " is half-written: " + row.lines() + " lines, " + row.placedHistory()
                        + " PLACED history rows, " + row.placedEvents() + " OrderPlaced outbox rows");
            }
            Map<String, Integer> types = typesByKey.getOrDefault(id.toString(), Map.of());
            if (types.getOrDefault(OrderPlaced.TYPE, 0) == 0) {
                result.violation("order " + id + ": no OrderPlaced record on the orders topic");
            }
            if (!FINAL.contains(row.status())) {
                lostOrders.add(id);
                result.violation("order " + id + " stuck in " + row.status() + deadLetterNote(id));
                continue;
            }
            if (row.finals() > 1) {
                duplicatedOrders.add(id);
                result.violation("order " + id + " has " + row.finals() + " final statuses in its history");
            }
            switch (row.status()) {
                case "CONFIRMED" -> {
                    if (!"CAPTURED".equals(row.charge()) || !"CAPTURED".equals(row.payment())) {
                        lostOrders.add(id);
                        result.violation("order " + id + " CONFIRMED but provider charge " + row.charge() + ", payment " + row.payment());
                    }
                    if (row.committed() != row.lines() || row.held() + row.released() > 0) {
                        result.violation("order " + id + " CONFIRMED with reservations committed/held/released "
                                + row.committed() + "/" + row.held() + "/" + row.released() + " for " + row.lines() + " lines");
                        lostOrders.add(id);
                    }
                    if (types.getOrDefault(PaymentCaptured.TYPE, 0) == 0) {
                        result.violation("order " + id + " CONFIRMED without a PaymentCaptured record on Kafka");
                    }
                }
                case "REJECTED" -> {
                    if (row.charge() != null || row.payment() != null) {
                        duplicatedOrders.add(id);
                        result.violation("order " + id + " REJECTED but charged: provider " + row.charge() + ", payment " + row.payment());
                    }
                    if (row.committed() + row.held() + row.released() > 0) {
                        duplicatedOrders.add(id);
                        result.violation("order " + id + " REJECTED but has stock reservations");
                    }
                    if (types.getOrDefault(StockRejected.TYPE, 0) == 0) {
                        result.violation("order " + id + " REJECTED without a StockRejected record on Kafka");
                    }
                }
                case "PAYMENT_FAILED" -> {
                    if ("CAPTURED".equals(row.charge())) {
                        duplicatedOrders.add(id);
                        result.violation("order " + id + " PAYMENT_FAILED but the provider captured it");
                    }
                    if (row.released() != row.lines() || row.held() + row.committed() > 0) {
                        lostOrders.add(id);
                        result.violation("order " + id + " PAYMENT_FAILED with reservations committed/held/released "
                                + row.committed() + "/" + row.held() + "/" + row.released());
                    }
                    if (types.getOrDefault(StockReserved.TYPE, 0) == 0 || types.getOrDefault(PaymentDeclined.TYPE, 0) == 0) {
                        result.violation("order " + id + " PAYMENT_FAILED without StockReserved/PaymentDeclined records on Kafka");
                    }
                }
                default -> throw new IllegalStateException(row.status());
            }
            // exactly one email, of the right kind
            String expected = EMAIL_KIND.get(row.status());
            if (row.sentEmails() != 1) {
                (row.sentEmails() == 0 ? lostOrders : duplicatedOrders).add(id);
                result.violation("order " + id + " has " + row.sentEmails() + " sent_email rows");
            }
            for (String kind : EMAIL_KIND.values()) {
                int copies = mails.getOrDefault(id + "." + kind, 0);
                if (kind.equals(expected)) {
                    if (copies == 0) {
                        lostOrders.add(id);
                        result.violation("order " + id + " " + row.status() + ": no " + kind + " email in the mail box");
                    } else if (copies > 1) {
                        result.sameIdCopies += copies - 1;
                        if (!scope.killsProcesses()) {
                            result.violation("order " + id + ": " + copies + " copies of its " + kind
                                    + " email although no process was killed");
                        }
                    }
                } else if (copies > 0) {
                    duplicatedOrders.add(id);
                    result.violation("order " + id + " " + row.status() + " also got a " + kind + " email");
                }
            }
        }
        result.lost = lostOrders.size();
        duplicatedOrders.removeAll(lostOrders);
        result.duplicated = duplicatedOrders.size();

        // --- stock conservation, per SKU
        db.query("""
                select c.sku, c.stock, i.available,
                  coalesce((select sum(r.quantity) from stock_reservation r where r.sku = c.sku and r.status = 'COMMITTED'), 0),
                  coalesce((select sum(r.quantity) from stock_reservation r where r.sku = c.sku and r.status = 'HELD'), 0)
                from catalog_product c left join inventory_item i on i.sku = c.sku
                where c.sku = any (?)""", row -> {
            String sku = row.getString(1);
            long initial = row.getLong(2);
            long available = row.getLong(3);
            long committed = row.getLong(4);
            long held = row.getLong(5);
            result.stock.put(sku, Map.of("initial", initial, "available", available, "committed", committed, "held", held));
            if (initial != available + committed + held) {
                result.violation("stock of " + sku + " not conserved: initial " + initial + " != available " + available
                        + " + committed " + committed + " + held " + held);
            }
            if (held != 0) {
                result.violation("stock of " + sku + ": " + held + " units still HELD at the end");
            }
            return null;
        }, Jdbc.array("varchar", scope.skus()));

        // --- global: the outbox is empty, every consumer caught up
        result.unpublishedOutbox = db.count("select count(*) from outbox_message where published_at is null");
        if (result.unpublishedOutbox > 0) {
            result.violation(result.unpublishedOutbox + " outbox rows still unpublished");
        }
        try {
            Map<String, Long> lag = kafka.lagByGroup();
            result.consumerLag = lag.values().stream().mapToLong(Long::longValue).sum();
            if (result.consumerLag > 0) {
                result.violation("consumer lag at the end: " + lag);
            }
        } catch (Exception e) {
            result.violation("could not read consumer lag: " + e);
        }
        result.deadLetters = db.grouped("""
                select consumer || ': ' || coalesce(reason, exception_class, '?'), count(*) from dead_letter
                where last_failure_at >= ? group by 1""", Timestamp.from(scope.since()));
        return result;
    }

    private String deadLetterNote(UUID id) {
        long parked = db.count("select count(*) from dead_letter where message_key = ?", id.toString());
        return parked == 0 ? "" : " (" + parked + " of its messages in the dead-letter store)";
    }

    static Jdbc.TypedArray uuids(Collection<UUID> ids) {
        return Jdbc.array("uuid", ids);
    }
}
