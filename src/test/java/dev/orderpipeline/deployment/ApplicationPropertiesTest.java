package dev.orderpipeline.deployment;

import static dev.orderpipeline.deployment.DeploymentSources.views;
import static dev.orderpipeline.deployment.KafkaTopicManifests.missingKafkaTopics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.orderpipeline.deployment.ApplicationProperties.Consumer;

/** The reading of application.properties itself, on a made-up file, so that a drift cannot hide behind a reading bug. */
class ApplicationPropertiesTest {

    @BeforeAll
    static void read() {
        DeploymentSources.read();
    }

    /** The reading of application.properties itself, on a made-up file, so a drift cannot hide behind a parser bug. */
    @Test
    void shouldFindEveryTopicAndAddressTheConfigurationNames() {
        ApplicationProperties sample = ApplicationProperties.parse("""
                app.topic.orders=${ORDERS_TOPIC:orders}
                app.topic.payments=payments
                %test.app.topic.payments=payments-test
                %dev.app.topic.audit=audit-dev
                app.kafka.consumers.orders-in.topic=${app.topic.orders}
                app.kafka.consumers.orders-in.group=inventory
                mp.messaging.incoming.shipments.connector=smallrye-kafka
                mp.messaging.incoming.shipments.failure-strategy=dead-letter-queue
                mp.messaging.incoming.shipments.bootstrap.servers=${KAFKA_BOOTSTRAP_SERVERS}
                mp.messaging.outgoing."activity.out".connector=smallrye-kafka
                mp.messaging.outgoing."activity.out".topic=order-activity
                mp.messaging.incoming.email-commands.connector=smallrye-amqp
                mp.messaging.incoming.email-commands.address=email-commands
                app.amqp.email-dead-letter-address=email-commands.dlq
                %prod.amqp-host=${AMQP_HOST}
                %prod.amqp-port=${AMQP_PORT:5672}
                """, "prod");

        assertThat(sample.kafkaTopics()).containsExactlyInAnyOrder("orders", "payments", "orders.inventory.dlq",
                "shipments", "dead-letter-topic-shipments", "order-activity");
        assertThat(sample.kafkaConsumers()).containsExactly(new Consumer("orders", "inventory"));
        assertThat(sample.amqpAddresses()).containsExactlyInAnyOrder("email-commands", "email-commands.dlq");
        assertThat(sample.amqpDeadLetterAddresses()).containsExactly("email-commands.dlq");
        assertThat(sample.requiredEnvironmentVariables()).containsExactly("AMQP_HOST", "KAFKA_BOOTSTRAP_SERVERS");
        assertThat(missingKafkaTopics(sample.kafkaTopics(), views.get(0).resources()))
                .as("a configured topic without a KafkaTopic is reported")
                .containsExactlyInAnyOrder("shipments", "dead-letter-topic-shipments");
        assertThatThrownBy(() -> ApplicationProperties.parse("app.topic.orders=${ORDERS_TOPIC}", "prod").kafkaTopics())
                .hasMessageContaining("ORDERS_TOPIC");
    }
}
