package dev.orderpipeline.messaging.amqp;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.message.Message;

import io.vertx.amqp.AmqpClient;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.amqp.AmqpConnection;
import io.vertx.amqp.AmqpMessage;
import io.vertx.amqp.AmqpSender;
import io.vertx.amqp.AmqpSenderOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Sends durable copies of failed messages to a dead-letter address over a connection of its own, and returns only
 * once the broker accepted the copy. The copy keeps the original's body section, properties (message-id, content
 * type) and application properties, plus the dead-letter properties it is given. Its sender link asks for a queue,
 * so a broker that creates addresses on demand creates an anycast queue, never an address nobody reads.
 */
public final class AmqpDeadLetterSender {

    private final Vertx vertx;
    private final AmqpClientOptions options;
    private final Duration timeout;
    private final Context context;
    private AmqpClient client;
    private Future<AmqpConnection> connection;
    private final Map<String, Future<AmqpSender>> senders = new LinkedHashMap<>();

    public AmqpDeadLetterSender(Vertx vertx, AmqpClientOptions options, Duration timeout) {
        this.vertx = vertx;
        this.options = new AmqpClientOptions(options).setReconnectAttempts(0);
        this.timeout = timeout;
        this.context = vertx.getOrCreateContext();
    }

    /**
     * Sends a copy of {@code original} with {@code deadLetterProperties} added to {@code address}; blocks until the
     * broker accepted it, and throws if it did not (the caller must then keep the original).
     */
    public void send(String address, Message original, Map<String, Object> deadLetterProperties) {
        AmqpMessage copy = AmqpMessage.create(copy(original, address, deadLetterProperties)).build();
        try {
            await(() -> sender(address).compose(sender -> sender.sendWithAck(copy)));
        } catch (RuntimeException e) {
            reset();
            throw e;
        }
    }

    public synchronized void close() {
        reset();
    }

    static Message copy(Message original, String address, Map<String, Object> deadLetterProperties) {
        Message copy = Proton.message();
        Header header = new Header();
        header.setDurable(true);
        copy.setHeader(header);
        copy.setMessageAnnotations(original.getMessageAnnotations());
        copy.setProperties(original.getProperties() == null ? new Properties() : new Properties(original.getProperties()));
        copy.setAddress(address);
        Map<String, Object> properties = new LinkedHashMap<>();
        if (original.getApplicationProperties() != null && original.getApplicationProperties().getValue() != null) {
            original.getApplicationProperties().getValue().forEach((name, value) -> properties.put(String.valueOf(name), value));
        }
        properties.putAll(deadLetterProperties);
        copy.setApplicationProperties(new ApplicationProperties(properties));
        copy.setBody(original.getBody());
        return copy;
    }

    /** Runs on the sender's own event-loop context, where the client and its links live. */
    private <T> T await(Supplier<Future<T>> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            try {
                operation.get().onComplete(done -> {
                    if (done.succeeded()) {
                        result.complete(done.result());
                    } else {
                        result.completeExceptionally(done.cause());
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending a dead letter", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The broker did not take the dead letter: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The broker did not accept the dead letter within " + timeout.toMillis() + " ms");
        }
    }

    /** On the context: the link to {@code address}, opened once per connection. */
    private synchronized Future<AmqpSender> sender(String address) {
        if (connection == null) {
            client = AmqpClient.create(vertx, options);
            Future<AmqpConnection> connecting = client.connect();
            connection = connecting;
            connecting.onSuccess(opened -> opened.closeFuture().onComplete(closed -> forget(connecting)));
        }
        Future<AmqpConnection> current = connection;
        return senders.computeIfAbsent(address, name -> current.compose(opened -> opened.createSender(name,
                new AmqpSenderOptions().setCapabilities(List.of("queue")))));
    }

    private synchronized void forget(Future<AmqpConnection> closed) {
        if (connection == closed) {
            reset();
        }
    }

    private synchronized void reset() {
        senders.clear();
        connection = null;
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
