package dev.orderpipeline.messaging.amqp;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.amqp.AmqpClientOptions;
import io.vertx.core.Vertx;

/**
 * Starts the application's AMQP queue consumers against the broker named by {@code amqp-host}, {@code amqp-port},
 * {@code amqp-username}, {@code amqp-password} and {@code amqp-use-ssl} (the keys the AMQP connector uses for the
 * outgoing side too), and closes them at shutdown.
 */
@ApplicationScoped
public class AmqpQueues {

    private final Vertx vertx;
    private final AmqpClientOptions options;
    private final List<AmqpQueueConsumer> consumers = new CopyOnWriteArrayList<>();

    AmqpQueues(Vertx vertx,
            @ConfigProperty(name = "amqp-host", defaultValue = "localhost") String host,
            @ConfigProperty(name = "amqp-port", defaultValue = "5672") int port,
            @ConfigProperty(name = "amqp-username") Optional<String> username,
            @ConfigProperty(name = "amqp-password") Optional<String> password,
            @ConfigProperty(name = "amqp-use-ssl", defaultValue = "false") boolean ssl) {
        this.vertx = vertx;
        this.options = new AmqpClientOptions().setHost(host).setPort(port).setSsl(ssl)
                .setUsername(username.filter(value -> !value.isBlank()).orElse(null))
                .setPassword(password.filter(value -> !value.isBlank()).orElse(null));
    }

    /** Starts consuming {@code address}, handing each message to {@code handler} on a worker thread. */
    public AmqpQueueConsumer consume(String address, int concurrency, Function<AmqpDelivery, AmqpQueueConsumer.Outcome> handler) {
        AmqpQueueConsumer consumer = new AmqpQueueConsumer(vertx, options, address, concurrency, handler);
        consumers.add(consumer);
        consumer.start();
        return consumer;
    }

    /** The consumers started by this instance. */
    public List<AmqpQueueConsumer> consumers() {
        return List.copyOf(consumers);
    }

    @PreDestroy
    void stop() {
        consumers.forEach(AmqpQueueConsumer::stop);
        consumers.clear();
    }
}
