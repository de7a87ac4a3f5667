package dev.orderpipeline.checkout.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.orderpipeline.checkout.OrderStep;
import dev.orderpipeline.platform.Jdbc;

/** Reads the history and sent emails of an order (its lines are part of the order). */
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

    public List<HistoryEntry> history(UUID orderId) {
        return OrderStep.<OrderStep>list("orderId = ?1 order by id", orderId).stream()
                .map(step -> new HistoryEntry(step.status.name(), step.detail, step.at)).toList();
    }

    /** Read from the notification worker's table, which checkout has no entity for (features share no entities). */
    public List<SentEmail> emails(UUID orderId) {
        return Jdbc.inTransaction(entityManager, connection -> Jdbc.list(connection, CheckoutSql.SENT_EMAILS,
                row -> new SentEmail(row.getString(1), row.getString(2), Jdbc.instant(row, 3)), orderId));
    }
}
