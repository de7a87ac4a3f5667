package dev.orderpipeline.messaging.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.orderpipeline.config.AppConfig;
import dev.orderpipeline.messaging.outbox.OutboxBacklog;

/**
 * Readiness of the outbox relay: DOWN only when the oldest unpublished row that is not failing on its own is older
 * than {@code app.outbox.max-lag}. A backlog that moves, rows the broker refuses (retried, then parked), and dead
 * letters are not outages: they are reported in the check's data and in metrics.
 */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    private final OutboxBacklog backlog;
    private final Duration maxLag;
    private final boolean workers;

    OutboxHealthCheck(OutboxBacklog backlog, AppConfig config) {
        this.backlog = backlog;
        this.maxLag = config.outbox().maxLag();
        this.workers = config.role().workers();
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Outbox relay");
        if (!workers) {
            return response.up().withData("relay", "not this instance's role").build();
        }
        try {
            OutboxBacklog.Reading reading = backlog.read();
            response.withData("unpublished", reading.messages()).withData("oldestAgeSeconds", reading.oldestAge().toSeconds())
                    .withData("failing", reading.failing()).withData("parked", reading.parked());
            return reading.oldestAge().compareTo(maxLag) > 0
                    ? response.down().withData("reason", "oldest unpublished message is older than " + maxLag).build()
                    : response.up().build();
        } catch (Exception e) {
            // The datasource check reports the database itself; this one cannot judge the relay without it.
            return response.up().withData("unknown", "outbox not readable: " + e.getClass().getSimpleName()).build();
        }
    }
}
