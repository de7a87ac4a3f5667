package dev.orderpipeline.messaging.inbox;

/** Every statement on {@code processed_message}, by name (the batch insert is tuned: one statement per batch). */
public final class InboxSql {

    /** Parameters: consumer, message id. */
    static final String RECORD_ONE = "insert into processed_message (consumer, message_id) values (?, ?) on conflict do nothing";

    /** Parameters: consumer, message ids (varchar[]); returns the ids not recorded before. */
    static final String RECORD_MANY = """
            insert into processed_message (consumer, message_id)
            select ?, id from unnest(?) id
            on conflict do nothing
            returning message_id""";

    /** Ids past retention, a chunk at a time. Parameters: retention seconds, chunk. */
    public static final String PURGE = """
            delete from processed_message where (consumer, message_id) in (select consumer, message_id
            from processed_message where processed_at < now() - make_interval(secs => ?) limit ?)""";

    private InboxSql() {
    }
}
