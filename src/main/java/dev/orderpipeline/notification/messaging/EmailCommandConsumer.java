package dev.orderpipeline.notification.messaging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.orderpipeline.messaging.CloudEvents;
import dev.orderpipeline.messaging.EventJson;
import dev.orderpipeline.messaging.FailureClassifier;
import dev.orderpipeline.messaging.HandlingFailure;
import dev.orderpipeline.messaging.IdempotentHandler;
import dev.orderpipeline.messaging.IncomingEvent;
import dev.orderpipeline.messaging.MessagingMetrics;
import dev.orderpipeline.messaging.deadletter.AmqpFailureLog;
import dev.orderpipeline.notification.service.EmailService;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.amqp.AmqpMessage;
import io.smallrye.reactive.messaging.amqp.ConnectionHolder;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import io.smallrye.reactive.messaging.providers.locals.LocalContextMetadata;
import io.vertx.core.json.JsonObject;

/**
 * The email worker: consumes commands from the AMQP work queue and accepts them once the email is sent and
 * recorded. A transient failure goes back to the broker as delivery-failed, which redelivers it after its delay
 * and dead-letters it after its maximum deliveries; a command that can never work is rejected, which sends it to
 * the dead-letter address at once. Each failure is logged with its reason for the dead-letter store.
 */
@ApplicationScoped
public class EmailCommandConsumer {

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

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onCommand(Message<Object> message) {
        IncomingAmqpMetadata metadata = message.getMetadata(IncomingAmqpMetadata.class).orElseThrow();
        JsonObject properties = metadata.getProperties() == null ? new JsonObject() : metadata.getProperties();
        byte[] payload = bytes(message.getPayload());
        try {
            IncomingEvent event = IncomingEvent.fromAmqp(properties.getMap(),
                    metadata.getId() == null ? null : metadata.getId().toString(), payload);
            handler.handle(CHANNEL, event, Map.of(
                    SendOrderEmail.TYPE, command -> emails.send(json.read(command, SendOrderEmail.class))));
            return message.ack();
        } catch (HandlingFailure failure) {
            return fail(message, messageId(properties, metadata, payload), failure.original(), failure.permanent());
        } catch (RuntimeException e) {
            return fail(message, messageId(properties, metadata, payload), e, !FailureClassifier.isTransient(e));
        }
    }

    private CompletionStage<Void> fail(Message<Object> message, String messageId, RuntimeException failure, boolean permanent) {
        Log.warnf("Email command %s failed (%s): %s", messageId, permanent ? "permanent, rejected" : "returned for redelivery",
                failure.toString());
        failures.record(CHANNEL, messageId, failure, 1);
        if (permanent && message instanceof AmqpMessage<?> amqp) {
            metrics.deadLettered(CHANNEL);
            LocalContextMetadata context = message.getMetadata(LocalContextMetadata.class).orElse(null);
            if (context != null) {
                return ConnectionHolder.runOnContext(io.vertx.mutiny.core.Context.newInstance(context.context()), amqp,
                        io.vertx.mutiny.amqp.AmqpMessage::rejected);
            }
        }
        return message.nack(failure);
    }

    /** The id under which failures of this message are logged: CloudEvents id, AMQP message-id, or a payload hash. */
    public static String messageId(JsonObject properties, IncomingAmqpMetadata metadata, byte[] payload) {
        Object id = properties.getValue(CloudEvents.AMQP_PREFIX + "id");
        if (id != null) {
            return id.toString();
        }
        if (metadata.getId() != null) {
            return metadata.getId().toString();
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload == null ? new byte[0] : payload));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The connector decodes JSON bodies; handlers want the bytes, whatever the body section was. */
    public static byte[] bytes(Object payload) {
        if (payload == null) {
            return null;
        }
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        if (payload instanceof io.vertx.core.buffer.Buffer buffer) {
            return buffer.getBytes();
        }
        if (payload instanceof io.vertx.mutiny.core.buffer.Buffer buffer) {
            return buffer.getBytes();
        }
        if (payload instanceof JsonObject object) {
            return object.toBuffer().getBytes();
        }
        if (payload instanceof io.vertx.core.json.JsonArray array) {
            return array.toBuffer().getBytes();
        }
        return payload.toString().getBytes(StandardCharsets.UTF_8);
    }
}
