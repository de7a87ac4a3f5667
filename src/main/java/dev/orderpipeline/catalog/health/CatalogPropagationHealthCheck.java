package dev.orderpipeline.catalog.health;

import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.orderpipeline.catalog.service.CatalogPropagation;

/**
 * Readiness: DOWN while a product this instance must serve from the start (dev mode's demo catalog) is not yet
 * orderable, that is, not yet in checkout's prices and inventory's stock; UP for good once they are.
 */
@Readiness
@ApplicationScoped
public class CatalogPropagationHealthCheck implements HealthCheck {

    private final CatalogPropagation propagation;

    CatalogPropagationHealthCheck(CatalogPropagation propagation) {
        this.propagation = propagation;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Catalog propagation");
        if (propagation.seeding()) {
            return response.down().withData("reason", "seeding the demo catalog").build();
        }
        Map<String, Long> waiting = propagation.notYetOrderable();
        if (waiting.isEmpty()) {
            return response.up().build();
        }
        return response.down().withData("notYetOrderable", new TreeMap<>(waiting).toString()).build();
    }
}
