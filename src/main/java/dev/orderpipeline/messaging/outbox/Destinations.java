package dev.orderpipeline.messaging.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.orderpipeline.contract.Destination;
import dev.orderpipeline.contract.PipelineMessage;

/** The broker and the configured topic or address of every {@link Destination}; defaults in application.properties. */
@ApplicationScoped
public class Destinations {

    private final String ordersTopic;
    private final String inventoryTopic;
    private final String paymentsTopic;
    private final String catalogTopic;
    private final String emailCommandsAddress;

    Destinations(@ConfigProperty(name = "app.topic.orders") String ordersTopic,
            @ConfigProperty(name = "app.topic.inventory") String inventoryTopic,
            @ConfigProperty(name = "app.topic.payments") String paymentsTopic,
            @ConfigProperty(name = "app.topic.catalog") String catalogTopic,
            @ConfigProperty(name = "app.amqp.email-commands-address") String emailCommandsAddress) {
        this.ordersTopic = ordersTopic;
        this.inventoryTopic = inventoryTopic;
        this.paymentsTopic = paymentsTopic;
        this.catalogTopic = catalogTopic;
        this.emailCommandsAddress = emailCommandsAddress;
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
