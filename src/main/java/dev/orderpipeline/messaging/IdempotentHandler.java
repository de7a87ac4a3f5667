package dev.orderpipeline.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.orderpipeline.config.AppConfig;
import dev.orderpipeline.messaging.inbox.Inbox;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs a consumer's effect exactly once per message id: inbox record and effect in one transaction, retried as a
 * whole on transient failures. The payload is read once, before: a message whose type has no effect or whose payload
 * does not read fails permanently without touching the inbox. A duplicate commits nothing and is acknowledged; a failure that outlives the
 * retries ends as a {@link HandlingFailure} for the caller to dead-letter. Several messages can also share one
 * transaction ({@link #handleAll}), each still recorded in the inbox by its own id.
 */
@ApplicationScoped
public class IdempotentHandler {

    private final Inbox inbox;
    private final EventJson json;
    private final EntityManager entityManager;
    private final AppConfig.Retry retry;
    private final Map<String, RetryPolicy> policies = new ConcurrentHashMap<>();
    private final MessagingMetrics metrics;
    private final MessageTracing tracing;

    IdempotentHandler(Inbox inbox, EventJson json, EntityManager entityManager, AppConfig config,
            MessagingMetrics metrics, MessageTracing tracing) {
        this.inbox = inbox;
        this.json = json;
        this.entityManager = entityManager;
        this.retry = config.retry();
        this.metrics = metrics;
        this.tracing = tracing;
    }

    /**
     * Dispatches {@code event} by its CloudEvents type to its effect among {@code handlers}.
     *
     * @return false when the message was a duplicate and nothing was done
     * @throws HandlingFailure when the message cannot be handled
     */
    public boolean handle(String consumer, IncomingEvent event, EventHandlers handlers) {
        return handle(consumer, read(consumer, event, handlers));
    }

    /** As {@link #handle(String, IncomingEvent, EventHandlers)}, for an event already read. */
    boolean handle(String consumer, TypedEvent typed) {
        IncomingEvent event = typed.envelope();
        boolean applied = policies.computeIfAbsent(consumer, name -> RetryPolicy.of(retry, name)).run(consumer, () -> QuarkusTransaction.requiringNew().call(() -> {
            if (!inbox.firstDelivery(consumer, event.id())) {
                return false;
            }
            typed.apply();
            return true;
        }), () -> metrics.retried(consumer));
        if (applied) {
            metrics.processed(consumer);
        } else {
            metrics.duplicate(consumer);
            Log.debugf("%s skipped duplicate message %s (%s)", consumer, event.id(), event.type());
        }
        return applied;
    }

    /**
     * Handles {@code events} (read by {@code handlers}) in order in one transaction, without retries: each id not yet
     * in the inbox (and not earlier in the list) is recorded and its effect applied; the others are duplicates. The
     * handlers' {@link EventHandlers.Builder#beforeEffects} sees the messages about to be applied first, to take the
     * batch's row locks in one consistent order. Any failure rolls back all of them and is thrown as it is, for the
     * caller to fall back to {@link #handle} one message at a time.
     *
     * @return how many were applied; the rest were duplicates
     */
    int handleAll(String consumer, List<TypedEvent> events, EventHandlers handlers) {
        int applied = QuarkusTransaction.requiringNew().call(() -> {
            Set<String> fresh = inbox.firstDeliveries(consumer, events.stream().map(typed -> typed.envelope().id()).toList());
            List<TypedEvent> toApply = events.stream().filter(typed -> fresh.remove(typed.envelope().id())).toList();
            handlers.beforeEffects(toApply);
            for (TypedEvent typed : toApply) {
                // Each message its own span, a child of the context it carried, so that the messages its effect
                // writes continue its own trace, not the trace of whichever message came first in the poll.
                MessageTracing.MessageScope traced = tracing.processing(consumer, typed.envelope());
                try {
                    typed.apply();
                    // Write this message's effect now and forget its entities: later queries of the batch then
                    // auto-flush an empty persistence context instead of dirty-checking every earlier message.
                    entityManager.flush();
                    entityManager.clear();
                } catch (RuntimeException e) {
                    traced.failed(e);
                    throw e;
                } finally {
                    traced.close();
                }
            }
            return toApply.size();
        });
        metrics.processed(consumer, applied);
        if (applied < events.size()) {
            metrics.duplicate(consumer, events.size() - applied);
            Log.debugf("%s skipped %d duplicate message(s) in a batch of %d", consumer, events.size() - applied, events.size());
        }
        return applied;
    }

    /**
     * The event read as the record its type names, bound to its effect among {@code handlers}.
     *
     * @throws HandlingFailure (permanent, one attempt) when no effect has its type or its payload does not read
     */
    TypedEvent read(String consumer, IncomingEvent event, EventHandlers handlers) {
        try {
            return handlers.read(consumer, event, json);
        } catch (PermanentMessageException e) {
            throw new HandlingFailure(e, 1, Instant.now(), true);
        }
    }
}
