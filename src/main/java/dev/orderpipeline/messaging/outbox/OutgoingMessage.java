package dev.orderpipeline.messaging.outbox;

/**
 * A message to publish once the current transaction commits.
 *
 * @param key the Kafka record key (the aggregate id); messages with the same key keep their order
 */
public record OutgoingMessage(Transport transport, String destination, String key, String type, String source,
        String subject, Object payload) {

    public static OutgoingMessage event(String topic, String key, String type, String source, Object payload) {
        return new OutgoingMessage(Transport.KAFKA, topic, key, type, source, key, payload);
    }

    public static OutgoingMessage command(String address, String key, String type, String source, Object payload) {
        return new OutgoingMessage(Transport.AMQP, address, key, type, source, key, payload);
    }
}
