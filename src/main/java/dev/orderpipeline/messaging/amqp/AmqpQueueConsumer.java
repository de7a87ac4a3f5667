package dev.orderpipeline.messaging.amqp;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.quarkus.logging.Log;
import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpReceiver;
import io.vertx.amqp.AmqpReceiverOptions;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.impl.ContextInternal;

/**
 * Consumes one AMQP queue with explicit settlement: each message goes as raw bytes to a blocking handler on a
 * worker thread, at most {@code concurrency} at a time (and no more credit than that, so other instances get their
 * share), and is settled as the handler says. With an {@link AmqpRedelivery}, failures do not depend on the broker's
 * address settings: a rejected message is moved to the dead-letter address by this consumer (copy first, then
 * accept), a retried one is held for a growing delay before it goes back as delivery-failed. After losing the
 * broker it reconnects with backoff; whatever was not settled is redelivered by the broker.
 */
public final class AmqpQueueConsumer {

    /** How a handled message is settled, with the failure behind a rejection (for its dead letter). */
    public record Outcome(Kind kind, Throwable failure, int attempts, Instant firstFailure) {

        /** Done: the broker deletes it. */
        public static final Outcome ACCEPT = new Outcome(Kind.ACCEPT, null, 0, null);
        /** Not taken: the broker redelivers it without counting a delivery (after a pause here). */
        public static final Outcome RELEASE = new Outcome(Kind.RELEASE, null, 0, null);

        /** Failed this time: returned as delivery-failed (after the consumer's hold), the broker counts a delivery. */
        public static Outcome retry(Throwable failure) {
            return new Outcome(Kind.RETRY, failure, 0, null);
        }

        /**
         * Can never work, or has had its deliveries: copied to the consumer's dead-letter address with why, after
         * {@code attempts} deliveries failing since {@code firstFailure} (null: now); without one, rejected.
         */
        public static Outcome reject(Throwable failure, int attempts, Instant firstFailure) {
            return new Outcome(Kind.REJECT, failure, attempts, firstFailure);
        }
    }

    /** The settlements. */
    public enum Kind {
        ACCEPT,
        REJECT,
        RETRY,
        RELEASE
    }

    /** Application properties a dead-letter copy carries, besides the original's. */
    public static final String REASON_PROPERTY = "dead-letter-reason";
    public static final String EXCEPTION_CLASS_PROPERTY = "dead-letter-exception-class-name";
    public static final String CAUSE_PROPERTY = "dead-letter-cause";
    public static final String ATTEMPTS_PROPERTY = "dead-letter-attempts";
    public static final String FIRST_FAILURE_PROPERTY = "dead-letter-first-failure";
    public static final String ADDRESS_PROPERTY = "dead-letter-address";

    private static final long MIN_RECONNECT_MILLIS = 500;
    private static final long MAX_RECONNECT_MILLIS = 30_000;
    private static final long RELEASE_PAUSE_MILLIS = 1_000;

    private final Vertx vertx;
    private final AmqpClientOptions options;
    private final String address;
    private final int concurrency;
    private final Function<AmqpDelivery, Outcome> handler;
    /** Null: failures are settled with the broker alone (rejected, delivery-failed at once). */
    private final AmqpRedelivery redelivery;
    private final AmqpDeadLetterSender deadLetters;
    private final WorkerExecutor workers;
    private final AtomicInteger generation = new AtomicInteger();
    private volatile AmqpClient client;
    private volatile boolean connected;
    private volatile boolean stopped;
    /** Shutting down: messages still arriving are released at once, no more credit is given. */
    private volatile boolean draining;
    private final Object inFlightLock = new Object();
    private int inFlight;
    private volatile String lastError = "not connected yet";
    private long reconnectMillis = MIN_RECONNECT_MILLIS;

    public AmqpQueueConsumer(Vertx vertx, AmqpClientOptions options, String address, int concurrency,
            AmqpRedelivery redelivery, AmqpDeadLetterSender deadLetters, Function<AmqpDelivery, Outcome> handler) {
        this.vertx = vertx;
        this.options = new AmqpClientOptions(options).setReconnectAttempts(0);
        this.address = address;
        this.concurrency = Math.max(1, concurrency);
        this.handler = handler;
        this.redelivery = redelivery;
        this.deadLetters = deadLetters;
        this.workers = vertx.createSharedWorkerExecutor("amqp-" + address, this.concurrency);
    }

    public String address() {
        return address;
    }

    public boolean connected() {
        return connected;
    }

    /** Why it is not connected, when it is not. */
    public String lastError() {
        return lastError;
    }

    public void start() {
        connect();
    }

    /**
     * Takes no new message (one still arriving goes back to the broker, released) and waits until the messages in
     * hand are settled, or until {@code deadlineNanos} ({@link System#nanoTime()}); a message held before a retry
     * is not waited for: closing the link hands it back. Returns how many were still in hand.
     */
    public int drain(long deadlineNanos) {
        draining = true;
        synchronized (inFlightLock) {
            while (inFlight > 0 && System.nanoTime() < deadlineNanos) {
                try {
                    inFlightLock.wait(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return inFlight;
        }
    }

    private void handedIn() {
        synchronized (inFlightLock) {
            inFlight++;
        }
    }

    private void handedOut() {
        synchronized (inFlightLock) {
            inFlight--;
            inFlightLock.notifyAll();
        }
    }

    public void stop() {
        stopped = true;
        generation.incrementAndGet();
        connected = false;
        AmqpClient current = client;
        if (current != null) {
            current.close();
        }
        workers.close();
    }

    private void connect() {
        if (stopped) {
            return;
        }
        int attempt = generation.get();
        AmqpClient current = AmqpClient.create(vertx, options);
        client = current;
        current.connect()
                .compose(connection -> {
                    connection.closeFuture().onComplete(closed -> lost(attempt, current, "connection closed"));
                    return connection.createReceiver(address, new AmqpReceiverOptions()
                            .setDurable(true)
                            .setAutoAcknowledgement(false)
                            .setCapabilities(List.of("queue"))
                            .setMaxBufferedMessages(concurrency));
                })
                .onSuccess(receiver -> {
                    receiver.exceptionHandler(e -> lost(attempt, current, e.toString()));
                    receiver.endHandler(end -> lost(attempt, current, "receiver closed by the broker"));
                    receiver.pause();
                    receiver.handler(message -> dispatch(receiver, message));
                    receiver.fetch(concurrency);
                    synchronized (this) {
                        reconnectMillis = MIN_RECONNECT_MILLIS;
                    }
                    connected = generation.get() == attempt;
                    Log.infof("Consuming AMQP queue %s (%d at a time)", address, concurrency);
                })
                .onFailure(e -> lost(attempt, current, e.toString()));
    }

    private void lost(int attempt, AmqpClient lostClient, String reason) {
        if (!generation.compareAndSet(attempt, attempt + 1)) {
            return;
        }
        connected = false;
        lastError = reason;
        lostClient.close();
        if (stopped) {
            return;
        }
        long delay;
        synchronized (this) {
            delay = reconnectMillis;
            reconnectMillis = Math.min(reconnectMillis * 2, MAX_RECONNECT_MILLIS);
        }
        Log.warnf("AMQP consumer of %s lost its broker (%s); reconnecting in %d ms", address, reason, delay);
        vertx.setTimer(delay, timer -> connect());
    }

    /** Runs on the connection's context; the handler runs on a worker, the settlement back on that context. */
    private void dispatch(AmqpReceiver receiver, AmqpMessage message) {
        if (draining) {
            settleQuietly(message, Kind.RELEASE);
            return;
        }
        handedIn();
        Context context = vertx.getOrCreateContext();
        // Handled on a duplicate of the connection's context: its locals (the trace context, the log MDC) are this
        // message's alone, as Quarkus keeps them for a request.
        ((ContextInternal) context).duplicate().dispatch(() -> workers.executeBlocking(() -> handle(message), false)
                .onComplete(result -> context.runOnContext(ignored -> settleLater(receiver, message,
                        result.succeeded() ? result.result() : Outcome.retry(result.cause())))));
    }

    private Outcome handle(AmqpMessage message) {
        Outcome outcome;
        try {
            AmqpDelivery delivery = AmqpDelivery.of(address, message.unwrap(), message.deliveryCount());
            try {
                outcome = handler.apply(delivery);
            } catch (RuntimeException e) {
                Log.errorf(e, "Handler of %s failed unexpectedly; the message goes back for redelivery", address);
                outcome = Outcome.retry(e);
            }
        } catch (RuntimeException e) {
            Log.warnf("Unreadable AMQP message on %s rejected: %s", address, e.toString());
            outcome = Outcome.reject(e, message.deliveryCount() + 1, null);
        }
        return outcome.kind() == Kind.REJECT && redelivery != null ? deadLetter(message, outcome) : outcome;
    }

    /**
     * Copies the message to the dead-letter address and, once the broker took the copy, accepts the original. If
     * the copy was not taken, the original is released (after a hold), never dropped: it comes back and is handled
     * again.
     */
    private Outcome deadLetter(AmqpMessage message, Outcome rejected) {
        Map<String, Object> properties = new LinkedHashMap<>();
        Throwable failure = rejected.failure();
        properties.put(REASON_PROPERTY, failure == null ? "rejected" : String.valueOf(failure.getMessage()));
        if (failure != null) {
            properties.put(EXCEPTION_CLASS_PROPERTY, failure.getClass().getName());
            if (failure.getCause() != null) {
                properties.put(CAUSE_PROPERTY, failure.getCause().toString());
            }
        }
        properties.put(ATTEMPTS_PROPERTY, String.valueOf(Math.max(1, rejected.attempts())));
        properties.put(FIRST_FAILURE_PROPERTY, (rejected.firstFailure() == null ? Instant.now() : rejected.firstFailure()).toString());
        properties.put(ADDRESS_PROPERTY, address);
        try {
            deadLetters.send(redelivery.deadLetterAddress(), message.unwrap(), properties);
            return Outcome.ACCEPT;
        } catch (RuntimeException e) {
            Log.errorf("A message of %s could not be moved to %s, kept on the queue: %s", address,
                    redelivery.deadLetterAddress(), e.toString());
            return Outcome.RELEASE;
        }
    }

    private void settleQuietly(AmqpMessage message, Kind kind) {
        try {
            switch (kind) {
                case ACCEPT -> message.accepted();
                case REJECT -> message.rejected();
                case RETRY -> message.modified(true, false);
                case RELEASE -> message.released();
            }
        } catch (RuntimeException e) {
            // The link is gone: the broker redelivers the message, and the inbox absorbs a repeat.
            Log.debugf("Could not settle a message of %s (%s): %s", address, kind, e.toString());
        }
    }

    /** A failed message is held before it goes back, so that a broker that redelivers at once does not spin. */
    private void settleLater(AmqpReceiver receiver, AmqpMessage message, Outcome outcome) {
        long hold = redelivery != null && (outcome.kind() == Kind.RETRY || outcome.kind() == Kind.RELEASE)
                ? redelivery.delayMillis(message.deliveryCount() + 1) : 0;
        if (hold > 0) {
            handedOut();
            vertx.setTimer(hold, timer -> settle(receiver, message, outcome));
        } else {
            settle(receiver, message, outcome);
            handedOut();
        }
    }

    private void settle(AmqpReceiver receiver, AmqpMessage message, Outcome outcome) {
        settleQuietly(message, outcome.kind());
        if (draining) {
            return;
        }
        if (outcome.kind() == Kind.RELEASE && redelivery == null) {
            vertx.setTimer(RELEASE_PAUSE_MILLIS, timer -> receiver.fetch(1));
        } else {
            receiver.fetch(1);
        }
    }
}
