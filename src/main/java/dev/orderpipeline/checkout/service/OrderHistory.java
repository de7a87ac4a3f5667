package dev.orderpipeline.checkout.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.orderpipeline.checkout.OrderStatus;

/** Appends a step to an order's history. */
@ApplicationScoped
public class OrderHistory {

    private final EntityManager entityManager;

    OrderHistory(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional(TxType.MANDATORY)
    public void record(UUID orderId, OrderStatus status, String detail, Instant at) {
        entityManager.createNativeQuery("insert into order_history (order_id, status, detail, at) values (?1, ?2, ?3, ?4)")
                .setParameter(1, orderId).setParameter(2, status.name()).setParameter(3, detail).setParameter(4, at)
                .executeUpdate();
    }
}
