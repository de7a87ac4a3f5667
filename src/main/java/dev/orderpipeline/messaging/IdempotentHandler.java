package dev.orderpipeline.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.orderpipeline.messaging.inbox.Inbox;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs a consumer's effect exactly once per message id: inbox record and effect in one transaction, retried as a
 * whole on transient failures. A duplicate commits nothing and is acknowledged; a failure that outlives the
 * retries ends as a {@link HandlingFailure} for the caller to dead-letter. Several messages can also share one
 * transaction ({@link #handleAll}), each still recorded in the inbox by its own id.
 */
@ApplicationScoped
public class IdempotentHandler {

    private final Inbox inbox;
    private final EntityManager entityManager;
    private final RetrySettings retrySettings;
    private final Map<String, RetryPolicy> policies = new ConcurrentHashMap<>();
    private final MessagingMetrics metrics;
    private final MessageTracing tracing;

    IdempotentHandler(Inbox inbox, EntityManager entityManager, RetrySettings retrySettings, MessagingMetrics metrics,
            MessageTracing tracing) {
        this.inbox = inbox;
        this.entityManager = entityManager;
        this.retrySettings = retrySettings;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    /**
     * Dispatches {@code event} by its CloudEvents type to one of {@code handlers}.
     *
     * @return false when the message was a duplicate and nothing was done
     * @throws HandlingFailure when the message cannot be handled
     */
    public boolean handle(String consumer, IncomingEvent event, Map<String, Consumer<IncomingEvent>> handlers) {
        Consumer<IncomingEvent> handler = handlerOf(consumer, event, handlers);
        boolean applied = policies.computeIfAbsent(consumer, retrySettings::policy).run(consumer, () -> QuarkusTransaction.requiringNew().call(() -> {
            if (!inbox.firstDelivery(consumer, event.id())) {
                return false;
            }
            handler.accept(event);
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
     * Handles {@code events} in order in one transaction, without retries: each id not yet in the inbox (and not
     * earlier in the list) is recorded and its effect applied; the others are duplicates. {@code beforeEffects} sees
     * the events about to be applied first, to take the batch's row locks in one consistent order (two batches that
     * lock rows message by message deadlock). Any failure rolls back all of them and is thrown as it is, for the
     * caller to fall back to {@link #handle} one message at a time. Every event must have a handler (see
     * {@link #handlerOf}).
     *
     * @return how many were applied; the rest were duplicates
     */
    public int handleAll(String consumer, List<IncomingEvent> events, Map<String, Consumer<IncomingEvent>> handlers,
            Consumer<List<IncomingEvent>> beforeEffects) {
        int applied = QuarkusTransaction.requiringNew().call(() -> {
            Set<String> fresh = inbox.firstDeliveries(consumer, events.stream().map(IncomingEvent::id).toList());
            List<IncomingEvent> toApply = events.stream().filter(event -> fresh.remove(event.id())).toList();
            beforeEffects.accept(toApply);
            for (IncomingEvent event : toApply) {
                // Each message its own span, a child of the context it carried, so that the messages its effect
                // writes continue its own trace, not the trace of whichever message came first in the poll.
                MessageTracing.MessageScope traced = tracing.processing(consumer, event);
                try {
                    handlers.get(event.type()).accept(event);
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

    /** The handler of the event's type; a type without one is a permanent failure of that message. */
    public static Consumer<IncomingEvent> handlerOf(String consumer, IncomingEvent event, Map<String, Consumer<IncomingEvent>> handlers) {
        Consumer<IncomingEvent> handler = handlers.get(event.type());
        if (handler == null) {
            throw new HandlingFailure(new PermanentMessageException("unknown message type " + event.type() + " for " + consumer),
                    1, Instant.now(), true);
        }
        return handler;
    }
}
