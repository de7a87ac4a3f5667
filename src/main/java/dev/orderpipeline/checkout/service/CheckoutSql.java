package dev.orderpipeline.checkout.service;

/**
 * The statements of a status change, a checkout's lookups and the order view's emails, in plain JDBC on the
 * transaction's connection or, for the idempotency key, a pooled one (platform/Jdbc). Through Hibernate they cost
 * several times the statement itself on the hot path, measured with async-profiler: at 10 orders/s the lock over a
 * list of ids (interpreted anew on every call) and the identity insert of a history step were a quarter of the
 * checkout consumer's CPU; at 50 orders/s loading the order to change its status (load, lines, dirty check,
 * versioned update) was half of it, and the price lookup over a SKU list a third of a checkout's.
 */
final class CheckoutSql {

    /** Locks the orders of an id array, in id order, for the rest of the transaction. */
    static final String LOCK = "select id from customer_order where id = any (?) order by id for no key update";

    static final String INSERT_STEP = "insert into order_history (order_id, status, detail, at) values (?, ?, ?, ?)";

    /**
     * Moves an order to a status if its current one is in the given array, as the entity's optimistic version
     * expects (one more); returns what the email needs, or no row when the order is unknown or may not move.
     */
    static final String MOVE = """
            update customer_order set status = ?, updated_at = ?, version = version + 1
            where id = ? and status = any (?)
            returning customer_email, total, created_at""";

    static final String EXISTS = "select 1 from customer_order where id = ?";

    static final String LINES = "select sku, quantity, unit_price from order_line where order_id = ? order by line_no";

    static final String PRICES = "select sku, price from checkout_price where sku = any (?)";

    static final String ORDER_BY_KEY = "select id, request_hash from customer_order where idempotency_key = ?";

    /** The emails the notification worker sent for an order, from its table (checkout maps no other feature's). */
    static final String SENT_EMAILS = "select kind, message_id, sent_at from sent_email where order_id = ? order by sent_at";

    private CheckoutSql() {
    }
}
