package dev.orderpipeline.notification.messaging;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.orderpipeline.messaging.EventJson;
import dev.orderpipeline.messaging.IdempotentHandler;
import dev.orderpipeline.messaging.IncomingEvent;
import dev.orderpipeline.notification.service.EmailService;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;
import io.vertx.core.json.JsonObject;

/**
 * The email worker: consumes commands from the AMQP work queue, accepts them once the email is sent and
 * recorded; a failure is returned to the broker, which redelivers it and dead-letters it after its limit.
 */
@ApplicationScoped
public class EmailCommandConsumer {

    public static final String CHANNEL = "email-commands";

    private final IdempotentHandler handler;
    private final EmailService emails;
    private final EventJson json;

    EmailCommandConsumer(IdempotentHandler handler, EmailService emails, EventJson json) {
        this.handler = handler;
        this.emails = emails;
        this.json = json;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onCommand(Message<Object> message) {
        try {
            IncomingAmqpMetadata metadata = message.getMetadata(IncomingAmqpMetadata.class).orElseThrow();
            JsonObject properties = metadata.getProperties() == null ? new JsonObject() : metadata.getProperties();
            IncomingEvent event = IncomingEvent.fromAmqp(properties.getMap(),
                    metadata.getId() == null ? null : metadata.getId().toString(), bytes(message.getPayload()));
            handler.handle(CHANNEL, event, Map.of(
                    SendOrderEmail.TYPE, command -> emails.send(json.read(command, SendOrderEmail.class))));
            return message.ack();
        } catch (RuntimeException e) {
            Log.warnf("Email command not processed, returned to the broker: %s", e.toString());
            return message.nack(e);
        }
    }

    /** The connector decodes JSON bodies; the handler wants the bytes, whatever the body section was. */
    private static byte[] bytes(Object payload) {
        if (payload == null) {
            return null;
        }
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        if (payload instanceof io.vertx.core.buffer.Buffer buffer) {
            return buffer.getBytes();
        }
        if (payload instanceof JsonObject json) {
            return json.toBuffer().getBytes();
        }
        if (payload instanceof io.vertx.core.json.JsonArray json) {
            return json.toBuffer().getBytes();
        }
        return payload.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
