package dev.orderpipeline.messaging.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderpipeline.config.AppConfig;
import dev.orderpipeline.contract.Destination;
import dev.orderpipeline.contract.PipelineMessage;

/** The broker and the configured topic or address ({@code app.topic.*}, {@code app.amqp.*}) of every {@link Destination}. */
@ApplicationScoped
public class Destinations {

    private final String ordersTopic;
    private final String inventoryTopic;
    private final String paymentsTopic;
    private final String catalogTopic;
    private final String emailCommandsAddress;

    Destinations(AppConfig config) {
        this.ordersTopic = config.topic().orders();
        this.inventoryTopic = config.topic().inventory();
        this.paymentsTopic = config.topic().payments();
        this.catalogTopic = config.topic().catalog();
        this.emailCommandsAddress = config.amqp().emailCommandsAddress();
    }

    /** The message addressed to where its destination is configured: events to Kafka topics, commands to AMQP. */
    public OutgoingMessage address(PipelineMessage message) {
        return switch (message.destination()) {
            case ORDERS -> OutgoingMessage.of(Transport.KAFKA, ordersTopic, message);
            case INVENTORY -> OutgoingMessage.of(Transport.KAFKA, inventoryTopic, message);
            case PAYMENTS -> OutgoingMessage.of(Transport.KAFKA, paymentsTopic, message);
            case CATALOG -> OutgoingMessage.of(Transport.KAFKA, catalogTopic, message);
            case EMAIL_COMMANDS -> OutgoingMessage.of(Transport.AMQP, emailCommandsAddress, message);
        };
    }
}
