package dev.orderpipeline.messaging.outbox;

import dev.orderpipeline.contract.PipelineMessage;

/**
 * A message to publish once the current transaction commits.
 *
 * @param key the Kafka record key (the aggregate id); messages with the same key keep their order
 */
public record OutgoingMessage(Transport transport, String destination, String key, String type, String source,
        String subject, Object payload) {

    /** A pipeline message to this topic or address, with its key as the CloudEvents subject. */
    public static OutgoingMessage of(Transport transport, String destination, PipelineMessage message) {
        return new OutgoingMessage(transport, destination, message.key(), message.type(), message.source(), message.key(),
                message);
    }

    /** An event that no contract describes (a test's, a tool's) to a Kafka topic, with its key as the subject. */
    public static OutgoingMessage event(String topic, String key, String type, String source, Object payload) {
        return new OutgoingMessage(Transport.KAFKA, topic, key, type, source, key, payload);
    }
}
