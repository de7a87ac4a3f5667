package dev.orderpipeline.catalog.service;

import java.math.BigDecimal;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.orderpipeline.catalog.Product;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Dev mode only: a few demo products on first start, so a first order works right away; readiness waits until
 * they are orderable (in checkout's prices and inventory's stock), on every start.
 */
@Singleton
@IfBuildProfile("dev")
public class DemoCatalog {

    void seed(@Observes StartupEvent event, CatalogService catalog, CatalogPropagation propagation) {
        if (Product.count() == 0) {
            catalog.put("SKU-1", new ProductChange("Espresso beans, 1 kg", new BigDecimal("24.90"), 100));
            catalog.put("SKU-2", new ProductChange("Ceramic mug", new BigDecimal("12.50"), 50));
            catalog.put("SKU-3", new ProductChange("Hand grinder", new BigDecimal("89.00"), 10));
            catalog.put("SKU-LUXE", new ProductChange("Espresso machine (declined: above the payment limit)",
                    new BigDecimal("6500.00"), 5));
            Log.info("Seeded demo products SKU-1, SKU-2, SKU-3 and SKU-LUXE");
        }
        for (String sku : new String[] { "SKU-1", "SKU-2", "SKU-3", "SKU-LUXE" }) {
            catalog.find(sku).ifPresent(product -> propagation.awaitBeforeReady(sku, product.version));
        }
        propagation.seeded();
    }
}
