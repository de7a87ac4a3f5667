package dev.orderpipeline.messaging.deadletter;

/** Every statement on {@code dead_letter} and {@code amqp_delivery_failure} that is not an entity query, by name. */
public final class DeadLetterSql {

    /**
     * The same message failing again updates its one row. Parameters: id, source, destination, consumer, message id,
     * key, headers (JSON), payload, reason, exception class, cause, attempts, first failure, last failure,
     * dead-letter reference, traceparent, tracestate.
     */
    static final String UPSERT = """
            insert into dead_letter (id, source, destination, consumer, message_id, message_key, headers, payload,
                reason, exception_class, cause, attempts, first_failure_at, last_failure_at, status, dead_letter_ref,
                traceparent, tracestate)
            values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, left(?, 1000), left(?, 300), left(?, 1000), ?, ?, ?, 'NEW', ?,
                left(?, 100), left(?, 512))
            on conflict (consumer, message_id) do update set status = 'NEW',
                attempts = dead_letter.attempts + excluded.attempts, last_failure_at = excluded.last_failure_at,
                reason = excluded.reason, exception_class = excluded.exception_class, cause = excluded.cause,
                dead_letter_ref = excluded.dead_letter_ref, traceparent = excluded.traceparent, tracestate = excluded.tracestate
            where dead_letter.dead_letter_ref is distinct from excluded.dead_letter_ref""";

    /** Parameter: id. */
    static final String DISCARD = "update dead_letter set status = 'DISCARDED' where id = ?";

    /** A replay marked (delta 1) or undone (delta -1). Parameters: delta, delta, delta, now, id. */
    static final String MARK_REPLAYED = """
            update dead_letter set status = case when ? > 0 then 'REPLAYED' else 'NEW' end,
                replay_count = replay_count + ?, last_replayed_at = case when ? > 0 then ? else last_replayed_at end
            where id = ?""";

    static final String SUMMARY = """
            select destination, coalesce(exception_class, ''), status, count(*) from dead_letter
            group by destination, exception_class, status order by destination, exception_class, status""";

    private static final String GROUPS = """
            select source, destination, consumer, coalesce(exception_class, ''), count(*), min(first_failure_at),
                max(last_failure_at), (array_agg(reason order by last_failure_at desc))[1]
            from dead_letter %s
            group by source, destination, consumer, exception_class
            order by count(*) desc, destination, consumer, exception_class limit %d""";

    /** Groups of like failures, largest first. */
    static final String GROUPS_ALL = GROUPS.formatted("", DeadLetterService.MAX_GROUPS);
    /** Groups of like failures of one status, largest first. Parameter: status. */
    static final String GROUPS_OF_STATUS = GROUPS.formatted("where status = ?", DeadLetterService.MAX_GROUPS);

    static final String COUNT_BY_STATUS = "select status, count(*) from dead_letter group by status";

    /** Replayed and discarded letters past retention, a chunk at a time. Parameters: retention seconds, chunk. */
    public static final String PURGE = """
            delete from dead_letter where id in (select id from dead_letter
            where status <> 'NEW' and last_failure_at < now() - make_interval(secs => ?) limit ?)""";

    /** One more failed delivery. Parameters: consumer, message id, attempts, reason, exception class, cause. */
    static final String RECORD_AMQP_FAILURE = """
            insert into amqp_delivery_failure (consumer, message_id, attempts, reason, exception_class, cause,
                first_failure_at, last_failure_at)
            values (?, ?, ?, left(?, 1000), ?, left(?, 1000), now(), now())
            on conflict (consumer, message_id) do update set attempts = amqp_delivery_failure.attempts + excluded.attempts,
                reason = excluded.reason, exception_class = excluded.exception_class, cause = excluded.cause,
                last_failure_at = now()
            returning first_failure_at""";

    /** Parameters: consumer, message id. */
    static final String TAKE_AMQP_FAILURES = """
            delete from amqp_delivery_failure where consumer = ? and message_id = ?
            returning attempts, reason, exception_class, cause, first_failure_at, last_failure_at""";

    private DeadLetterSql() {
    }
}
