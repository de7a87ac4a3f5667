package dev.orderpipeline.messaging.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.orderpipeline.messaging.amqp.AmqpQueueConsumer;
import dev.orderpipeline.messaging.amqp.AmqpQueues;
import dev.orderpipeline.platform.Roles;

/** Readiness of the AMQP queue consumers: DOWN while one of them has no link to the broker (it keeps reconnecting). */
@Readiness
@ApplicationScoped
public class AmqpQueuesHealthCheck implements HealthCheck {

    private final AmqpQueues queues;
    private final Roles roles;

    AmqpQueuesHealthCheck(AmqpQueues queues, Roles roles) {
        this.queues = queues;
        this.roles = roles;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("AMQP queue consumers");
        if (!roles.workers()) {
            return response.up().withData("consumers", "not this instance's role").build();
        }
        boolean up = true;
        for (AmqpQueueConsumer consumer : queues.consumers()) {
            response.withData(consumer.address(), consumer.connected() ? "connected" : "reconnecting: " + consumer.lastError());
            up &= consumer.connected();
        }
        return response.status(up).build();
    }
}
