package dev.orderpipeline.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Kafka topics and AMQP addresses, configurable; defaults in application.properties. */
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

    public String ordersTopic() {
        return ordersTopic;
    }

    public String inventoryTopic() {
        return inventoryTopic;
    }

    public String paymentsTopic() {
        return paymentsTopic;
    }

    public String catalogTopic() {
        return catalogTopic;
    }

    public String emailCommandsAddress() {
        return emailCommandsAddress;
    }
}
