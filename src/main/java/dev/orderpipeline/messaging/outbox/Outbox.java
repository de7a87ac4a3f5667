package dev.orderpipeline.messaging.outbox;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.orderpipeline.contract.PipelineMessage;
import dev.orderpipeline.messaging.EventJson;
import dev.orderpipeline.messaging.TraceContext;
import dev.orderpipeline.platform.Jdbc;

/**
 * Writes messages to the outbox table in the caller's transaction, each with the trace context of the current span;
 * once it commits, the relay is woken ({@link OutboxRelay#rowsCommitted}) and publishes them.
 */
@ApplicationScoped
public class Outbox {

    /** Number of relay lanes; a message's lane is a hash of its key, so one key always stays in one lane. */
    public static final int LANES = 16;

    /** Marks a transaction whose commit already wakes the relay. */
    private static final Object COMMIT_HOOK = Outbox.class;

    private final EntityManager entityManager;
    private final EventJson json;
    private final Destinations destinations;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;

    Outbox(EntityManager entityManager, EventJson json, Destinations destinations, TransactionSynchronizationRegistry transactions,
            OutboxRelay relay) {
        this.entityManager = entityManager;
        this.json = json;
        this.destinations = destinations;
        this.transactions = transactions;
        this.relay = relay;
    }

    /**
     * Publishes a pipeline message, once the caller's transaction commits, to where its destination is configured,
     * keyed by its {@link PipelineMessage#key()}; returns its id, which becomes its CloudEvents id.
     */
    @Transactional(TxType.MANDATORY)
    public UUID publish(PipelineMessage message) {
        return add(destinations.address(message));
    }

    /**
     * Adds a message to the outbox and returns its id, which becomes its CloudEvents id. Plain JDBC on the
     * transaction's connection: every message of the pipeline passes here, and a Hibernate native statement costs
     * several times the insert (parameter binding, plan lookup, an auto-flush of the session) for nothing the
     * outbox needs (it references no entity).
     */
    @Transactional(TxType.MANDATORY)
    public UUID add(OutgoingMessage message) {
        UUID id = UUID.randomUUID();
        String payload = json.write(message.payload());
        // The current span (the request or the message being handled) is the parent of whoever consumes this one.
        TraceContext trace = TraceContext.current();
        Jdbc.inTransaction(entityManager, connection -> Jdbc.update(connection, OutboxSql.INSERT, id, (short) lane(message.key()),
                message.transport().name(), message.destination(), message.key(), message.type(), message.source(),
                message.subject(), payload, trace == null ? null : trace.traceparent(), trace == null ? null : trace.tracestate()));
        wakeRelayAfterCommit();
        return id;
    }

    /** Once per transaction: after it commits (not before: the relay must see the rows), wake the relay. */
    private void wakeRelayAfterCommit() {
        if (transactions.getResource(COMMIT_HOOK) != null) {
            return;
        }
        transactions.putResource(COMMIT_HOOK, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.rowsCommitted();
                }
            }
        });
    }

    /** The relay lane of a message with this key. */
    public static int lane(String key) {
        return key == null ? 0 : Math.floorMod(key.hashCode(), LANES);
    }
}
