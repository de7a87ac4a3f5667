package dev.orderpipeline.messaging.outbox;

/**
 * Every statement on {@code outbox_message}, by name: the writers' insert, the relay's (tuned: changing one changes
 * the relay's plan and speed), the backlog reading and the purge. A row is due when it is unpublished, its next attempt
 * (if it was refused before) has come, and no earlier row of its key is still failing.
 */
public final class OutboxSql {

    /** Advisory lock namespace of the relay lanes. */
    static final int LOCK_NAMESPACE = 0x0B0C;

    static final String INSERT = """
            insert into outbox_message (id, lane, transport, destination, message_key, type, source, subject, payload,
                traceparent, tracestate)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final String DUE = """
            m.published_at is null and (m.next_attempt_at is null or m.next_attempt_at <= now())
            and (m.message_key is null or not exists (select 1 from outbox_message f
                where f.published_at is null and f.first_failure_at is not null
                and f.lane = m.lane and f.message_key = m.message_key and f.seq < m.seq))""";

    /** Parameters: last lane, start lane, number of lanes, lock namespace, limit. */
    static final String LOCK_FREE_LANES = """
            select lane from (
                select g.lane from generate_series(0, ?) g (lane)
                where exists (select 1 from outbox_message m where m.lane = g.lane and m.published_at is null
                    and (m.next_attempt_at is null or m.next_attempt_at <= now()))
                order by (g.lane + ?) % ?
            ) pending
            where pg_try_advisory_xact_lock(?, lane)
            limit ?""";

    /** Parameters: lanes (smallint[]), limit. */
    static final String DUE_ROWS = """
            select id, transport, destination, message_key, type, source, subject, payload, created_at, attempts,
                first_failure_at, traceparent, tracestate
            from outbox_message m
            where lane = any (?) and %s
            order by seq
            limit ?""".formatted(DUE);

    static final String ANY_DUE = """
            select exists (select 1 from outbox_message m where m.published_at is null
                and (m.next_attempt_at is null or m.next_attempt_at <= now()))""";

    /** Parameter: ids (uuid[]). */
    static final String MARK_PUBLISHED = "update outbox_message set published_at = now() where id = any (?)";
    /** Parameter: ids (uuid[]). */
    static final String DELETE = "delete from outbox_message where id = any (?)";
    /** Parameters: backoff seconds, reason, id. */
    static final String RECORD_REFUSAL = """
            update outbox_message set attempts = attempts + 1, first_failure_at = coalesce(first_failure_at, now()),
                next_attempt_at = now() + make_interval(secs => ?), last_error = left(?, 1000)
            where id = ?""";
    /** Parameters: reason, ids (uuid[]). */
    static final String RECORD_OUTAGE = "update outbox_message set last_error = left(?, 1000) where id = any (?)";

    static final String BACKLOG = """
            select count(*),
                coalesce(extract(epoch from now() - min(created_at) filter (where first_failure_at is null)), 0),
                count(*) filter (where first_failure_at is not null),
                (select count(*) from dead_letter where consumer = '%s' and status = 'NEW')
            from outbox_message where published_at is null""".formatted(OutboxParking.CONSUMER);

    /** Published rows past retention, a chunk at a time. Parameters: retention seconds, chunk. */
    public static final String PURGE_PUBLISHED = """
            delete from outbox_message where id in (select id from outbox_message
            where published_at < now() - make_interval(secs => ?) limit ?)""";

    private OutboxSql() {
    }
}
