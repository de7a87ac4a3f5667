package dev.orderpipeline.notification.messaging;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.orderpipeline.messaging.CloudEvents;
import dev.orderpipeline.messaging.EventJson;
import dev.orderpipeline.messaging.FailureClassifier;
import dev.orderpipeline.messaging.HandlingFailure;
import dev.orderpipeline.messaging.IdempotentHandler;
import dev.orderpipeline.messaging.IncomingEvent;
import dev.orderpipeline.messaging.MessageIds;
import dev.orderpipeline.messaging.MessagingMetrics;
import dev.orderpipeline.messaging.amqp.AmqpDelivery;
import dev.orderpipeline.messaging.amqp.AmqpQueueConsumer.Outcome;
import dev.orderpipeline.messaging.amqp.AmqpQueues;
import dev.orderpipeline.messaging.deadletter.AmqpFailureLog;
import dev.orderpipeline.notification.service.EmailService;
import dev.orderpipeline.platform.Roles;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * The email worker: consumes commands from the AMQP work queue and accepts them once the email is sent and
 * recorded. A transient failure goes back to the broker as delivery-failed, which redelivers it after its delay
 * and dead-letters it after its maximum deliveries; a command that can never work (whatever its body or content
 * type) is rejected, which sends it to the dead-letter address at once. Each failure is logged with its reason
 * for the dead-letter store.
 */
@ApplicationScoped
public class EmailCommandConsumer {

    /** The consumer name in the inbox, metrics and dead letters. */
    public static final String CHANNEL = "email-commands";

    private final IdempotentHandler handler;
    private final EmailService emails;
    private final EventJson json;
    private final AmqpFailureLog failures;
    private final MessagingMetrics metrics;

    EmailCommandConsumer(IdempotentHandler handler, EmailService emails, EventJson json, AmqpFailureLog failures,
            MessagingMetrics metrics) {
        this.handler = handler;
        this.emails = emails;
        this.json = json;
        this.failures = failures;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent startup, Roles roles, AmqpQueues queues,
            @ConfigProperty(name = "app.amqp.email-commands-address") String address,
            @ConfigProperty(name = "app.amqp.email-commands-concurrency") int concurrency) {
        if (roles.workers()) {
            queues.consume(address, concurrency, this::onCommand);
        }
    }

    public Outcome onCommand(AmqpDelivery delivery) {
        try {
            IncomingEvent event = IncomingEvent.fromAmqp(delivery.properties(), delivery.messageId(), delivery.body());
            handler.handle(CHANNEL, event, Map.of(
                    SendOrderEmail.TYPE, command -> emails.send(json.read(command, SendOrderEmail.class))));
            return Outcome.ACCEPT;
        } catch (HandlingFailure failure) {
            return fail(delivery, failure.original(), failure.permanent());
        } catch (RuntimeException e) {
            return fail(delivery, e, !FailureClassifier.isTransient(e));
        }
    }

    private Outcome fail(AmqpDelivery delivery, RuntimeException failure, boolean permanent) {
        String messageId = messageId(delivery);
        Log.warnf("Email command %s failed (%s): %s", messageId, permanent ? "permanent, rejected" : "returned for redelivery",
                failure.toString());
        failures.record(CHANNEL, messageId, failure, 1);
        if (permanent) {
            metrics.deadLettered(CHANNEL);
            return Outcome.REJECT;
        }
        return Outcome.RETRY;
    }

    /**
     * The id under which failures of this message are logged: CloudEvents id, AMQP message-id, or a payload hash;
     * an id too long (or odd) to be a key is replaced by its hash.
     */
    public static String messageId(AmqpDelivery delivery) {
        Object id = delivery.properties().get(CloudEvents.AMQP_PREFIX + "id");
        if (id == null) {
            id = delivery.messageId();
        }
        if (id != null && !id.toString().isEmpty()) {
            return MessageIds.keyOf(id.toString());
        }
        return MessageIds.hashOf(delivery.body() == null ? new byte[0] : delivery.body());
    }
}
