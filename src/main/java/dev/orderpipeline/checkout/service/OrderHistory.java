package dev.orderpipeline.checkout.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.orderpipeline.checkout.OrderStatus;
import dev.orderpipeline.platform.BoundedText;
import dev.orderpipeline.platform.Jdbc;

/** Appends a step to an order's history. */
@ApplicationScoped
public class OrderHistory {

    private final EntityManager entityManager;

    OrderHistory(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The longest detail a step keeps ({@code order_history.detail}); callers shorten theirs to fit. */
    public static final int MAX_DETAIL = 500;

    /**
     * Appends a step in the caller's transaction, over plain JDBC on its connection ({@link CheckoutSql}). The order
     * row must already be written: flush a newly persisted order first. A detail longer than {@link #MAX_DETAIL} is
     * shortened rather than refused: a step must never fail on its text.
     */
    @Transactional(TxType.MANDATORY)
    public void record(UUID orderId, OrderStatus status, String detail, Instant at) {
        Jdbc.inTransaction(entityManager, connection -> Jdbc.update(connection, CheckoutSql.INSERT_STEP, orderId,
                status.name(), BoundedText.fit(detail, MAX_DETAIL), at));
    }
}
