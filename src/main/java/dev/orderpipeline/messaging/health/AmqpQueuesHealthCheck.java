package dev.orderpipeline.messaging.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.orderpipeline.config.AppConfig;
import dev.orderpipeline.messaging.amqp.AmqpQueueConsumer;
import dev.orderpipeline.messaging.amqp.AmqpQueues;

/** Readiness of the AMQP queue consumers: DOWN while one of them has no link to the broker (it keeps reconnecting). */
@Readiness
@ApplicationScoped
public class AmqpQueuesHealthCheck implements HealthCheck {

    private final AmqpQueues queues;
    private final boolean workers;

    AmqpQueuesHealthCheck(AmqpQueues queues, AppConfig config) {
        this.queues = queues;
        this.workers = config.role().workers();
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("AMQP queue consumers");
        if (!workers) {
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
