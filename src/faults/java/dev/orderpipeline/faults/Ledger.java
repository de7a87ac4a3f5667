package dev.orderpipeline.faults;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.orderpipeline.checkout.OrderStatus;
import dev.orderpipeline.checkout.events.OrderPlaced;
import dev.orderpipeline.harness.Jdbc;

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
 * exactly one OrderPlaced message (no half-written order): one CloudEvents id among its OrderPlaced records on Kafka
 * and its OrderPlaced rows still in the outbox (published rows are deleted unless the application keeps a trail).
 */
final class Ledger {

    /** Longer than a consumer group's session timeout (45 s) plus Artemis's longest redelivery delay. */
    private static final Duration NO_PROGRESS = Duration.ofSeconds(100);

    static final Set<String> FINAL = Arrays.stream(OrderStatus.values()).filter(OrderStatus::isFinal).map(Enum::name)
            .collect(Collectors.toUnmodifiableSet());

    /** What a scenario's ledger covers. */
    record Scope(String name, Set<UUID> accepted, Set<String> emails, Set<String> skus, Instant since, boolean killsProcesses) {
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
     * Waits until the pipeline is quiet for the scope: every order final, its email recorded, nothing unpublished in
     * the outbox (rows left are unpublished, or published ones kept as a trail), no consumer lag, and nothing changing
     * for a few seconds. Returns false on timeout (the ledger then counts).
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

    /** Counts the scope's ledger: each invariant of each order, then stock, outbox and consumers. */
    LedgerResult check(Scope scope, boolean settled) {
        LedgerResult result = new LedgerResult();
        result.settled = settled;
        List<Map.Entry<OrderRow, Set<String>>> placedInOutbox = orderRows(scope);
        // Kafka is read after the outbox: a row published in between is then found on Kafka, if no longer in the outbox.
        PublishedRecords published = PublishedRecords.read(kafka);
        Set<String> stored = new HashSet<>();
        placedInOutbox.forEach(entry -> stored.add(entry.getKey().id().toString()));
        Map<String, Set<String>> placedOnKafka = published.placedIdsByKey(stored);
        List<OrderRow> rows = placedInOutbox.stream().map(entry -> {
            Set<String> ids = new HashSet<>(entry.getValue());
            ids.addAll(placedOnKafka.getOrDefault(entry.getKey().id().toString(), Set.of()));
            return entry.getKey().withPlacedEvents(ids.size());
        }).toList();
        result.orders = rows.size();
        result.kafkaRedeliveredRecords = published.redelivered(stored);

        OrderInvariants orders = new OrderInvariants(result, published.typesByKey(stored), mailsByMessageId(scope, rows),
                scope.killsProcesses(), this::deadLetterNote);
        scope.accepted().forEach(id -> orders.acceptedIsStored(id, stored.contains(id.toString())));
        for (OrderRow row : rows) {
            result.byStatus.merge(row.status(), 1, Integer::sum);
            if (!scope.accepted().contains(row.id())) {
                result.unacknowledged++;
            }
            orders.check(row);
        }
        result.lost = orders.lost();
        result.duplicated = orders.duplicatedOnly();

        stockConserved(scope, result);
        outboxEmpty(result);
        consumersCaughtUp(result);
        result.deadLetters = db.grouped("""
                select consumer || ': ' || coalesce(reason, exception_class, '?'), count(*) from dead_letter
                where last_failure_at >= ? group by 1""", Timestamp.from(scope.since()));
        return result;
    }

    /**
     * Every order of the scope in the database (accepted, or merely stored for one of its customers), each with the ids
     * of the OrderPlaced rows the outbox still holds for it; its {@code placedEvents} are counted once Kafka is read.
     */
    private List<Map.Entry<OrderRow, Set<String>>> orderRows(Scope scope) {
        List<Map.Entry<OrderRow, Set<String>>> rows = db.query("""
                select o.id, o.status, o.customer_email,
                  (select count(*) from order_line l where l.order_id = o.id),
                  (select count(*) from order_history h where h.order_id = o.id and h.status = 'PLACED'),
                  (select count(*) from order_history h where h.order_id = o.id
                      and h.status in ('CONFIRMED', 'REJECTED', 'PAYMENT_FAILED')),
                  (select coalesce(array_agg(m.id::text), '{}') from outbox_message m
                      where m.message_key = o.id::text and m.type = ?),
                  (select c.status from simulated_provider_charge c where c.idempotency_key = o.id::text),
                  (select p.status from payment p where p.order_id = o.id),
                  (select count(*) from stock_reservation r where r.order_id = o.id and r.status = 'COMMITTED'),
                  (select count(*) from stock_reservation r where r.order_id = o.id and r.status = 'HELD'),
                  (select count(*) from stock_reservation r where r.order_id = o.id and r.status = 'RELEASED'),
                  (select count(*) from sent_email e where e.order_id = o.id)
                from customer_order o
                where o.id = any (?) or o.customer_email = any (?)""",
                row -> Map.entry(new OrderRow(row.getObject(1, UUID.class), row.getString(2), row.getString(3), row.getLong(4),
                        row.getLong(5), row.getLong(6), 0, row.getString(8), row.getString(9), row.getLong(10),
                        row.getLong(11), row.getLong(12), row.getLong(13)),
                        Set.of((String[]) row.getArray(7).getArray())),
                OrderPlaced.TYPE, uuids(scope.accepted()), Jdbc.array("varchar", scope.emails()));
        return rows;
    }

    /** Emails in the mail boxes of the scope's and its orders' customers, by "{order id}.{kind}". */
    private Map<String, Integer> mailsByMessageId(Scope scope, List<OrderRow> rows) {
        Map<String, Integer> mails = new HashMap<>();
        Set<String> recipients = new HashSet<>(scope.emails());
        rows.forEach(row -> recipients.add(row.email()));
        for (String recipient : recipients) {
            mail.countByMessageId(recipient).forEach((key, count) -> mails.merge(key, count, Integer::sum));
        }
        return mails;
    }

    /** Per SKU of the scope: initial = available + committed + held, and nothing held at the end. */
    private void stockConserved(Scope scope, LedgerResult result) {
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
    }

    /** No outbox row unpublished (of any order: the outbox is global). */
    private void outboxEmpty(LedgerResult result) {
        result.unpublishedOutbox = db.count("select count(*) from outbox_message where published_at is null");
        if (result.unpublishedOutbox > 0) {
            result.violation(result.unpublishedOutbox + " outbox rows still unpublished");
        }
    }

    /** No consumer group behind the end of its topics. */
    private void consumersCaughtUp(LedgerResult result) {
        try {
            Map<String, Long> lag = kafka.lagByGroup();
            result.consumerLag = lag.values().stream().mapToLong(Long::longValue).sum();
            if (result.consumerLag > 0) {
                result.violation("consumer lag at the end: " + lag);
            }
        } catch (Exception e) {
            result.violation("could not read consumer lag: " + e);
        }
    }

    private String deadLetterNote(UUID id) {
        long parked = db.count("select count(*) from dead_letter where message_key = ?", id.toString());
        return parked == 0 ? "" : " (" + parked + " of its messages in the dead-letter store)";
    }

    static Jdbc.TypedArray uuids(Collection<UUID> ids) {
        return Jdbc.array("uuid", ids);
    }
}
