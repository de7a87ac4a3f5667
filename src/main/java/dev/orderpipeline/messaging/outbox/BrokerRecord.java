package dev.orderpipeline.messaging.outbox;

import java.util.Map;

/**
 * A message ready for a broker: headers are Kafka record headers or AMQP application properties. Both the relay
 * (from outbox rows) and dead-letter replay (from stored dead letters) send these.
 */
public record BrokerRecord(Transport transport, String destination, String key, String messageId,
        Map<String, String> headers, byte[] payload) {
}
