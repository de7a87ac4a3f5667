package dev.orderpipeline.messaging.inbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.hibernate.Session;

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

    /**
     * Records that {@code consumer} processes each of {@code messageIds}, in one statement, and returns those it had
     * not processed before (an id listed twice is returned once). Runs only inside the caller's transaction, on its
     * connection. Plain JDBC: Hibernate keys its plan cache for a native select with a result class by the SQL's
     * hash but never finds the entry again, so every batch added one more entry under the same hash, and lookups
     * walked them all (a fifth of the application's CPU in the benchmark).
     */
    @Transactional(TxType.MANDATORY)
    public Set<String> firstDeliveries(String consumer, List<String> messageIds) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    insert into processed_message (consumer, message_id)
                    select ?, id from unnest(?) id
                    on conflict do nothing
                    returning message_id""")) {
                statement.setString(1, consumer);
                statement.setArray(2, connection.createArrayOf("varchar", messageIds.toArray()));
                Set<String> inserted = new HashSet<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        inserted.add(rows.getString(1));
                    }
                }
                return inserted;
            }
        });
    }
}
