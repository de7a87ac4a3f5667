package dev.orderpipeline.messaging.inbox;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.orderpipeline.platform.Jdbc;

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
     * Runs only inside the caller's transaction, on its connection, so the record commits or rolls back with the effect.
     */
    @Transactional(TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String messageId) {
        return Jdbc.inTransaction(entityManager, connection -> Jdbc.update(connection, InboxSql.RECORD_ONE, consumer, messageId)) == 1;
    }

    /**
     * Records that {@code consumer} processes each of {@code messageIds}, in one statement, and returns those it had
     * not processed before (an id listed twice is returned once). Runs only inside the caller's transaction, on its
     * connection. Plain JDBC: Hibernate keys its plan cache for a native select with a result class by the SQL's
     * hash but never finds the entry again, so every batch added one more entry under the same hash, and lookups
     * walked them all (a fifth of the application's CPU in the benchmark).
     */
    @Transactional(TxType.MANDATORY)
    public Set<String> firstDeliveries(String consumer, List<String> messageIds) {
        return new HashSet<>(Jdbc.inTransaction(entityManager, connection -> Jdbc.list(connection, InboxSql.RECORD_MANY,
                row -> row.getString(1), consumer, Jdbc.array("varchar", messageIds))));
    }
}
