package dev.orderpipeline.messaging;

import java.util.Map;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderpipeline.messaging.inbox.Inbox;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs a consumer's effect exactly once per message id: inbox record and effect in one transaction, retried as a
 * whole on transient failures. A duplicate commits nothing and is acknowledged; a failure that outlives the
 * retries ends as a {@link HandlingFailure} for the caller to dead-letter.
 */
@ApplicationScoped
public class IdempotentHandler {

    private final Inbox inbox;
    private final RetrySettings retrySettings;
    private final Map<String, RetryPolicy> policies = new java.util.concurrent.ConcurrentHashMap<>();
    private final MessagingMetrics metrics;

    IdempotentHandler(Inbox inbox, RetrySettings retrySettings, MessagingMetrics metrics) {
        this.inbox = inbox;
        this.retrySettings = retrySettings;
        this.metrics = metrics;
    }

    /**
     * Dispatches {@code event} by its CloudEvents type to one of {@code handlers}.
     *
     * @return false when the message was a duplicate and nothing was done
     * @throws HandlingFailure when the message cannot be handled
     */
    public boolean handle(String consumer, IncomingEvent event, Map<String, Consumer<IncomingEvent>> handlers) {
        Consumer<IncomingEvent> handler = handlers.get(event.type());
        if (handler == null) {
            throw new HandlingFailure(new PermanentMessageException("unknown message type " + event.type() + " for " + consumer),
                    1, java.time.Instant.now(), true);
        }
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
}
