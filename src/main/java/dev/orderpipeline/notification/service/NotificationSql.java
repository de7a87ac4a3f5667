package dev.orderpipeline.notification.service;

/**
 * The email worker's statement on {@code sent_email}, run in plain JDBC on the transaction's connection
 * (platform/Jdbc): every email command runs it, and as a Hibernate native query the layer around the statement (query
 * creation, parameter binding, executeUpdate's flush checks) cost several times the statement itself on the
 * consumers' hot path, measured with async-profiler at 50 orders/s.
 */
final class NotificationSql {

    /**
     * Records an order's email of one kind unless one is recorded; changes no row then. Parameters: order id, kind,
     * Message-ID, recipient, sent at.
     */
    static final String RECORD_SENT = """
            insert into sent_email (order_id, kind, message_id, recipient, sent_at) values (?, ?, ?, ?, ?)
            on conflict (order_id, kind) do nothing""";

    private NotificationSql() {
    }
}
