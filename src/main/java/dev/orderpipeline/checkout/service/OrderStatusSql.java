package dev.orderpipeline.checkout.service;

/**
 * The two statements every status change runs, in plain JDBC on the transaction's connection (platform/Jdbc): the
 * orders' row locks and the history step. As Hibernate queries they cost several times the statement itself on the
 * consumers' hot path (a lock over a list of ids is interpreted anew on every call, an identity insert is a managed
 * entity), measured with async-profiler at 10 orders/s: a quarter of the checkout consumer's CPU.
 */
final class OrderStatusSql {

    /** Locks the orders of an id array, in id order, for the rest of the transaction. */
    static final String LOCK = "select id from customer_order where id = any (?) order by id for no key update";

    static final String INSERT_STEP = "insert into order_history (order_id, status, detail, at) values (?, ?, ?, ?)";

    private OrderStatusSql() {
    }
}
