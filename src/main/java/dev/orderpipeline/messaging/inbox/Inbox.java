package dev.orderpipeline.messaging.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/**
 * The processed-message table: a consumer records each message id in the same transaction as its effect, so a
 * redelivered message is recognised and its effect is not repeated.
 */
@ApplicationScoped
public class Inbox {

    private final EntityManager entityManager;

    Inbox(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Records that {@code consumer} processes {@code messageId}; false if it already did (a duplicate).
     * Runs only inside the caller's transaction, so the record commits or rolls back with the effect.
     */
    @Transactional(TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String messageId) {
        return entityManager.createNativeQuery(
                "insert into processed_message (consumer, message_id) values (?1, ?2) on conflict do nothing")
                .setParameter(1, consumer)
                .setParameter(2, messageId)
                .executeUpdate() == 1;
    }
}
