package dev.orderpipeline.checkout.service;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.hibernate.Session;

import dev.orderpipeline.checkout.OrderStatus;
import dev.orderpipeline.platform.BoundedText;

/** Appends a step to an order's history. */
@ApplicationScoped
public class OrderHistory {

    /** The longest detail a step keeps ({@code order_history.detail}); callers shorten theirs to fit. */
    public static final int MAX_DETAIL = 500;

    private final EntityManager entityManager;

    OrderHistory(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Appends a step in the caller's transaction, over plain JDBC on its connection (every status change passes
     * here; see {@code Outbox#add}). The order row must already be written: flush a newly persisted order first.
     * A detail longer than {@link #MAX_DETAIL} is shortened rather than refused: a step must never fail on its text.
     */
    @Transactional(TxType.MANDATORY)
    public void record(UUID orderId, OrderStatus status, String detail, Instant at) {
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into order_history (order_id, status, detail, at) values (?, ?, ?, ?)")) {
                insert.setObject(1, orderId);
                insert.setString(2, status.name());
                insert.setString(3, BoundedText.fit(detail, MAX_DETAIL));
                insert.setObject(4, at.atOffset(ZoneOffset.UTC));
                insert.executeUpdate();
            }
        });
    }
}
