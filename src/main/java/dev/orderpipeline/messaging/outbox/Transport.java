package dev.orderpipeline.messaging.outbox;

/** The broker an outbox message goes to: Kafka for events, AMQP for commands. */
public enum Transport {
    KAFKA,
    AMQP
}
