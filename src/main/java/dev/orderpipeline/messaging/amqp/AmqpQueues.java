package dev.orderpipeline.messaging.amqp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.orderpipeline.config.AppConfig;
import dev.orderpipeline.messaging.CloudEvents;
import dev.orderpipeline.messaging.IncomingEvent;
import dev.orderpipeline.messaging.MessageTracing;
import dev.orderpipeline.messaging.ShutdownDeadline;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.core.Vertx;

/**
 * Starts the application's AMQP queue consumers against the broker named by {@code amqp-host}, {@code amqp-port},
 * {@code amqp-username}, {@code amqp-password} and {@code amqp-use-ssl} (the keys the AMQP connector uses for the
 * outgoing side too), with one connection for the dead-letter copies they send, and closes them at shutdown.
 */
@ApplicationScoped
public class AmqpQueues {

    private final Vertx vertx;
    private final AmqpClientOptions options;
    private final List<AmqpQueueConsumer> consumers = new CopyOnWriteArrayList<>();
    private final AmqpDeadLetterSender deadLetters;
    private final MessageTracing tracing;

    AmqpQueues(Vertx vertx, MessageTracing tracing,
            @ConfigProperty(name = "amqp-host", defaultValue = "localhost") String host,
            @ConfigProperty(name = "amqp-port", defaultValue = "5672") int port,
            @ConfigProperty(name = "amqp-username") Optional<String> username,
            @ConfigProperty(name = "amqp-password") Optional<String> password,
            @ConfigProperty(name = "amqp-use-ssl", defaultValue = "false") boolean ssl, AppConfig config) {
        this.vertx = vertx;
        this.tracing = tracing;
        this.options = new AmqpClientOptions().setHost(host).setPort(port).setSsl(ssl)
                .setUsername(username.filter(value -> !value.isBlank()).orElse(null))
                .setPassword(password.filter(value -> !value.isBlank()).orElse(null));
        this.deadLetters = new AmqpDeadLetterSender(vertx, options, config.amqp().deadLetterSendTimeout());
    }

    /**
     * Starts consuming {@code address}, handing each message to {@code handler} on a worker thread; failures are
     * settled with the broker alone.
     */
    public AmqpQueueConsumer consume(String address, int concurrency, Function<AmqpDelivery, AmqpQueueConsumer.Outcome> handler) {
        return consume(address, concurrency, null, handler);
    }

    /**
     * Starts consuming {@code address}; rejected messages are moved to the dead-letter address of {@code redelivery}
     * by this service, retried ones held for its delay first.
     */
    public AmqpQueueConsumer consume(String address, int concurrency, AmqpRedelivery redelivery,
            Function<AmqpDelivery, AmqpQueueConsumer.Outcome> handler) {
        AmqpQueueConsumer consumer = new AmqpQueueConsumer(vertx, options, address, concurrency, redelivery, deadLetters,
                traced(address, handler));
        consumers.add(consumer);
        consumer.start();
        return consumer;
    }

    /**
     * The handler inside the span of handling one message: a child of the trace context the message carried, with its
     * CloudEvents subject in the log MDC.
     */
    private Function<AmqpDelivery, AmqpQueueConsumer.Outcome> traced(String address,
            Function<AmqpDelivery, AmqpQueueConsumer.Outcome> handler) {
        return delivery -> {
            Map<String, Object> properties = delivery.properties();
            Object id = properties.get(CloudEvents.AMQP_PREFIX + "id");
            Object subject = properties.get(CloudEvents.AMQP_PREFIX + "subject");
            try (MessageTracing.MessageScope traced = tracing.processing(address, id == null ? delivery.messageId() : id.toString(),
                    subject == null ? null : subject.toString(), IncomingEvent.traceOf(properties))) {
                AmqpQueueConsumer.Outcome outcome = handler.apply(delivery);
                traced.failed(outcome.failure());
                return outcome;
            }
        };
    }

    /** The consumers started by this instance. */
    public List<AmqpQueueConsumer> consumers() {
        return List.copyOf(consumers);
    }

    /** At shutdown, the messages in hand of every consumer get until the {@link ShutdownDeadline} to be settled. */
    void drain(@Observes ShutdownEvent event, ShutdownDeadline shutdown) {
        long deadline = shutdown.nanos();
        for (AmqpQueueConsumer consumer : consumers) {
            int left = consumer.drain(deadline);
            if (left > 0) {
                Log.warnf("%d message(s) of %s still in hand at shutdown; the broker redelivers them", left, consumer.address());
            }
        }
        stop();
    }

    @PreDestroy
    void stop() {
        consumers.forEach(AmqpQueueConsumer::stop);
        consumers.clear();
        deadLetters.close();
    }
}
