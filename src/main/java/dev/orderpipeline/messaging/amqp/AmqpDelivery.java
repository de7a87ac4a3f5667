package dev.orderpipeline.messaging.amqp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.orderpipeline.messaging.CloudEvents;
import dev.orderpipeline.messaging.MessageIds;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpSequence;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.apache.qpid.proton.message.Message;

/**
 * A message as it came off an AMQP queue: its body as the exact bytes sent (never decoded by its content type,
 * so that a body that is not what it claims still reaches a handler that can dead-letter it), its message-id and
 * application properties.
 */
public record AmqpDelivery(String address, String messageId, Map<String, Object> properties, String contentType,
        byte[] body, int deliveryCount) {

    /**
     * The id under which failures of this message are logged and its dead letter is stored: CloudEvents id, AMQP
     * message-id, or a hash of the body; an id too long (or odd) to be a key is replaced by its hash.
     */
    public String failureId() {
        Object id = properties.get(CloudEvents.AMQP_PREFIX + "id");
        if (id == null) {
            id = messageId;
        }
        if (id != null && !id.toString().isEmpty()) {
            return MessageIds.keyOf(id.toString());
        }
        return MessageIds.hashOf(body == null ? new byte[0] : body);
    }

    /** Reads what a handler needs from a received AMQP message; binary values become {@code base64:} text. */
    public static AmqpDelivery of(String address, Message message, int deliveryCount) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (message.getApplicationProperties() != null && message.getApplicationProperties().getValue() != null) {
            Map<?, ?> values = message.getApplicationProperties().getValue();
            values.forEach((name, value) -> properties.put(String.valueOf(name), value instanceof Binary binary ? text(binary) : value));
        }
        Object id = message.getMessageId();
        return new AmqpDelivery(address, id == null ? null : id instanceof Binary binary ? text(binary) : id.toString(),
                Collections.unmodifiableMap(properties), message.getContentType(), body(message.getBody()), deliveryCount);
    }

    private static byte[] body(Section body) {
        if (body instanceof Data data) {
            return data.getValue() == null ? new byte[0] : bytes(data.getValue());
        }
        if (body instanceof AmqpValue value) {
            Object content = value.getValue();
            if (content == null) {
                return null;
            }
            if (content instanceof Binary binary) {
                return bytes(binary);
            }
            return content.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (body instanceof AmqpSequence sequence) {
            return String.valueOf(sequence.getValue()).getBytes(StandardCharsets.UTF_8);
        }
        return null;
    }

    private static byte[] bytes(Binary binary) {
        byte[] bytes = new byte[binary.getLength()];
        System.arraycopy(binary.getArray(), binary.getArrayOffset(), bytes, 0, binary.getLength());
        return bytes;
    }

    private static String text(Binary binary) {
        return "base64:" + Base64.getEncoder().encodeToString(bytes(binary));
    }
}
