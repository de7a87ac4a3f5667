package dev.orderpipeline.notification.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.orderpipeline.config.AppConfig;
import dev.orderpipeline.messaging.EventHandlers;
import dev.orderpipeline.messaging.FailureClassifier;
import dev.orderpipeline.messaging.HandlingFailure;
import dev.orderpipeline.messaging.HandlingMetrics;
import dev.orderpipeline.messaging.IdempotentHandler;
import dev.orderpipeline.messaging.IncomingEvent;
import dev.orderpipeline.messaging.MessagingMetrics;
import dev.orderpipeline.messaging.amqp.AmqpDelivery;
import dev.orderpipeline.messaging.amqp.AmqpQueueConsumer.Outcome;
import dev.orderpipeline.messaging.amqp.AmqpQueues;
import dev.orderpipeline.messaging.amqp.AmqpRedelivery;
import dev.orderpipeline.messaging.deadletter.AmqpFailureLog;
import dev.orderpipeline.messaging.deadletter.DeadLetterConsumers;
import dev.orderpipeline.notification.events.SendOrderEmail;
import dev.orderpipeline.notification.service.EmailService;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * The email worker: consumes commands from the AMQP work queue and accepts them once the email is sent and
 * recorded. A transient failure goes back to the broker as delivery-failed (held for a growing delay first), until
 * the command's {@code app.amqp.email-commands-max-deliveries}-th delivery (the AMQP header's delivery-count + 1);
 * then, or at once for a command that can never work (whatever its body or content type), the service itself
 * moves it to its dead-letter address with the reason, whatever the broker's address settings. Each failure is
 * logged for the dead-letter store too.
 */
@ApplicationScoped
public class EmailCommandConsumer {

    /** The consumer name in the inbox, metrics and dead letters. */
    public static final String CHANNEL = "email-commands";

    private final IdempotentHandler handler;
    private final EventHandlers handlers;
    private final AmqpFailureLog failures;
    private final MessagingMetrics metrics;
    private final int maxDeliveries;

    EmailCommandConsumer(IdempotentHandler handler, EmailService emails, AmqpFailureLog failures, MessagingMetrics metrics,
            AppConfig config) {
        this.handler = handler;
        this.handlers = EventHandlers.builder().on(SendOrderEmail.class, emails::send).build();
        this.failures = failures;
        this.metrics = metrics;
        this.maxDeliveries = Math.max(1, config.amqp().emailCommandsMaxDeliveries());
    }

    void start(@Observes StartupEvent startup, AppConfig config, AmqpQueues queues, HandlingMetrics handling,
            DeadLetterConsumers deadLetters) {
        if (config.role().workers()) {
            AppConfig.Amqp amqp = config.amqp();
            queues.consume(amqp.emailCommandsAddress(), amqp.emailCommandsConcurrency(),
                    new AmqpRedelivery(amqp.emailDeadLetterAddress(), amqp.emailCommandsRedeliveryDelay(),
                            amqp.emailCommandsMaxRedeliveryDelay()),
                    handling.amqp(CHANNEL, this::onCommand));
            deadLetters.consumeAmqp(queues, amqp.emailDeadLetterAddress(), amqp.emailCommandsAddress(), CHANNEL);
        }
    }

    public Outcome onCommand(AmqpDelivery delivery) {
        try {
            IncomingEvent event = IncomingEvent.fromAmqp(delivery.properties(), delivery.messageId(), delivery.body());
            handler.handle(CHANNEL, event, handlers);
            return Outcome.ACCEPT;
        } catch (HandlingFailure failure) {
            return fail(delivery, failure.original(), failure.permanent());
        } catch (RuntimeException e) {
            return fail(delivery, e, !FailureClassifier.isTransient(e));
        }
    }

    private Outcome fail(AmqpDelivery delivery, RuntimeException failure, boolean permanent) {
        String messageId = delivery.failureId();
        int attempt = delivery.deliveryCount() + 1;
        Instant firstFailure = failures.record(CHANNEL, messageId, failure, 1);
        if (permanent || attempt >= maxDeliveries) {
            Log.warnf("Email command %s failed (%s, delivery %d): dead-lettered: %s", messageId,
                    permanent ? "permanent" : "transient", attempt, failure.toString());
            metrics.deadLettered(CHANNEL);
            return Outcome.reject(failure, attempt, firstFailure);
        }
        Log.warnf("Email command %s failed (delivery %d of %d), returned for redelivery: %s", messageId, attempt,
                maxDeliveries, failure.toString());
        return Outcome.retry(failure);
    }
}
