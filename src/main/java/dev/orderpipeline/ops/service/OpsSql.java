package dev.orderpipeline.ops.service;

/** The console's read-model statements, by name: they read across features, so they are SQL, not entity queries. */
final class OpsSql {

    static final String ORDERS_IN_FLIGHT = "select count(*) from customer_order where status in ('PLACED', 'STOCK_RESERVED')";

    /** Emails sent in the last hour and day, and email commands dead-lettered and still NEW. Parameter: email address. */
    static final String EMAILS = """
            select count(*) filter (where sent_at >= now() - interval '1 hour'), count(*),
                (select count(*) from dead_letter where destination = ? and status = 'NEW')
            from sent_email where sent_at >= now() - interval '1 day'""";

    /**
     * An order's messages the outbox still holds: every unpublished one, and published ones while a trail is kept
     * ({@code app.outbox.keep-published}). Published rows are found through the published_at index (none of
     * the order's rows was published before it was placed), unpublished ones through the relay's partial index.
     * Parameters: order id (the message key), earliest publication.
     */
    static final String ORDER_EVENTS = """
            select id, type, transport, destination, created_at, published_at, attempts, last_error, traceparent
            from outbox_message where message_key = ? and (published_at >= ? or published_at is null)
            order by seq""";

    private OpsSql() {
    }
}
