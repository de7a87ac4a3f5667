package dev.orderpipeline.checkout.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.orderpipeline.checkout.events.OrderLine;
import dev.orderpipeline.platform.Times;

/** Reads the lines, history and sent emails of an order. */
@ApplicationScoped
public class OrderQueries {

    /** One step of an order's history. */
    public record HistoryEntry(String status, String detail, Instant at) {
    }

    /** One email the notification worker sent for the order. */
    public record SentEmail(String kind, String messageId, Instant sentAt) {
    }

    private final EntityManager entityManager;

    OrderQueries(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @SuppressWarnings("unchecked")
    public List<OrderLine> lines(UUID orderId) {
        List<Object[]> rows = entityManager.createNativeQuery(
                "select sku, quantity, unit_price from order_line where order_id = ?1 order by line_no")
                .setParameter(1, orderId).getResultList();
        return rows.stream().map(row -> new OrderLine((String) row[0], ((Number) row[1]).intValue(), (BigDecimal) row[2])).toList();
    }

    @SuppressWarnings("unchecked")
    public List<HistoryEntry> history(UUID orderId) {
        List<Object[]> rows = entityManager.createNativeQuery(
                "select status, detail, at from order_history where order_id = ?1 order by id")
                .setParameter(1, orderId).getResultList();
        return rows.stream().map(row -> new HistoryEntry((String) row[0], (String) row[1], Times.instant(row[2]))).toList();
    }

    @SuppressWarnings("unchecked")
    public List<SentEmail> emails(UUID orderId) {
        List<Object[]> rows = entityManager.createNativeQuery(
                "select kind, message_id, sent_at from sent_email where order_id = ?1 order by sent_at")
                .setParameter(1, orderId).getResultList();
        return rows.stream().map(row -> new SentEmail((String) row[0], (String) row[1], Times.instant(row[2]))).toList();
    }
}
