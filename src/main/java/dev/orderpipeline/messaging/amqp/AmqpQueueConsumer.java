package dev.orderpipeline.messaging.amqp;

import java.util.List;
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

/**
 * Consumes one AMQP queue with explicit settlement: each message goes as raw bytes to a blocking handler on a
 * worker thread, at most {@code concurrency} at a time (and no more credit than that, so other instances get their
 * share), and is settled as the handler says. After losing the broker it reconnects with backoff; whatever was
 * not settled is redelivered by the broker.
 */
public final class AmqpQueueConsumer {

    /** How a handled message is settled. */
    public enum Outcome {
        /** Done: the broker deletes it. */
        ACCEPT,
        /** Can never work: the broker moves it to the dead-letter address at once. */
        REJECT,
        /** Failed this time: the broker counts a delivery, redelivers after its delay, dead-letters after its maximum. */
        RETRY,
        /** Not taken: the broker redelivers it without counting a delivery (after a pause here). */
        RELEASE
    }

    private static final long MIN_RECONNECT_MILLIS = 500;
    private static final long MAX_RECONNECT_MILLIS = 30_000;
    private static final long RELEASE_PAUSE_MILLIS = 1_000;

    private final Vertx vertx;
    private final AmqpClientOptions options;
    private final String address;
    private final int concurrency;
    private final Function<AmqpDelivery, Outcome> handler;
    private final WorkerExecutor workers;
    private final AtomicInteger generation = new AtomicInteger();
    private volatile AmqpClient client;
    private volatile boolean connected;
    private volatile boolean stopped;
    private volatile String lastError = "not connected yet";
    private long reconnectMillis = MIN_RECONNECT_MILLIS;

    public AmqpQueueConsumer(Vertx vertx, AmqpClientOptions options, String address, int concurrency,
            Function<AmqpDelivery, Outcome> handler) {
        this.vertx = vertx;
        this.options = new AmqpClientOptions(options).setReconnectAttempts(0);
        this.address = address;
        this.concurrency = Math.max(1, concurrency);
        this.handler = handler;
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
        Context context = vertx.getOrCreateContext();
        workers.executeBlocking(() -> handle(message), false)
                .onComplete(result -> context.runOnContext(ignored -> settle(receiver, message,
                        result.succeeded() ? result.result() : Outcome.RETRY)));
    }

    private Outcome handle(AmqpMessage message) {
        AmqpDelivery delivery;
        try {
            delivery = AmqpDelivery.of(address, message.unwrap(), message.deliveryCount());
        } catch (RuntimeException e) {
            Log.warnf("Unreadable AMQP message on %s rejected: %s", address, e.toString());
            return Outcome.REJECT;
        }
        try {
            return handler.apply(delivery);
        } catch (RuntimeException e) {
            Log.errorf(e, "Handler of %s failed unexpectedly; the message goes back for redelivery", address);
            return Outcome.RETRY;
        }
    }

    private void settle(AmqpReceiver receiver, AmqpMessage message, Outcome outcome) {
        try {
            switch (outcome) {
                case ACCEPT -> message.accepted();
                case REJECT -> message.rejected();
                case RETRY -> message.modified(true, false);
                case RELEASE -> message.released();
            }
        } catch (RuntimeException e) {
            // The link is gone: the broker redelivers the message, and the inbox absorbs a repeat.
            Log.debugf("Could not settle a message of %s (%s): %s", address, outcome, e.toString());
        }
        if (outcome == Outcome.RELEASE) {
            vertx.setTimer(RELEASE_PAUSE_MILLIS, timer -> receiver.fetch(1));
        } else {
            receiver.fetch(1);
        }
    }
}
