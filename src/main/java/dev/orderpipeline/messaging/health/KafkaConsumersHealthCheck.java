package dev.orderpipeline.messaging.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.orderpipeline.messaging.KafkaConsumers;
import dev.orderpipeline.config.AppConfig;

/** Readiness of the pipeline's Kafka consumers: DOWN while one of them has no connection to a broker (it keeps trying). */
@Readiness
@ApplicationScoped
public class KafkaConsumersHealthCheck implements HealthCheck {

    private final KafkaConsumers consumers;
    private final AppConfig.Role roles;

    KafkaConsumersHealthCheck(KafkaConsumers consumers, AppConfig config) {
        this.consumers = consumers;
        this.roles = config.role();
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Kafka consumers");
        if (!roles.workers()) {
            return response.up().withData("consumers", "not this instance's role").build();
        }
        consumers.states().forEach(response::withData);
        return response.status(consumers.connected()).build();
    }
}
