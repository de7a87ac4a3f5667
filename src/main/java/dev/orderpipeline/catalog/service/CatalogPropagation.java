package dev.orderpipeline.catalog.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import dev.orderpipeline.catalog.events.CatalogCopy;
import dev.orderpipeline.config.AppConfig;
import io.quarkus.logging.Log;

/**
 * Whether a product change has reached every catalog copy (checkout's prices, inventory's stock), that is, whether
 * the product is orderable as changed. Asked through the {@link CatalogCopy} port, so the catalog depends on no
 * other feature. Also keeps the products readiness must wait for.
 */
@ApplicationScoped
public class CatalogPropagation {

    private static final long POLL_MILLIS = 5;

    private final List<CatalogCopy> copies;
    private final Duration timeout;
    private final Map<String, Long> awaitedForReadiness = new ConcurrentHashMap<>();
    /** Dev mode seeds a demo catalog at start (after HTTP is up): not ready before it has said what to wait for. */
    private volatile boolean seeding;

    CatalogPropagation(Instance<CatalogCopy> copies, Instance<DemoCatalog> demoCatalog, AppConfig config) {
        this.copies = copies.stream().toList();
        this.seeding = demoCatalog.isResolvable();
        this.timeout = config.catalog().propagationTimeout();
    }

    /** Whether every copy holds {@code sku} at {@code version} or newer. */
    public boolean orderable(String sku, long version) {
        return copies.stream().allMatch(copy -> copy.holds(sku, version));
    }

    /**
     * Waits, at most {@code app.catalog.propagation-timeout}, until the product is orderable at {@code version};
     * returns whether it is.
     */
    public boolean awaitOrderable(String sku, long version) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!orderable(sku, version)) {
            if (System.nanoTime() > deadline) {
                Log.infof("Product %s version %d not yet in every catalog copy after %s", sku, version, timeout);
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Readiness stays DOWN until {@code sku} is orderable at {@code version} (products seeded at start). */
    public void awaitBeforeReady(String sku, long version) {
        awaitedForReadiness.merge(sku, version, Math::max);
    }

    /** The demo catalog has registered what readiness waits for. */
    void seeded() {
        seeding = false;
    }

    /** Whether the demo catalog is still being seeded. */
    public boolean seeding() {
        return seeding;
    }

    /** The products readiness still waits for; those now orderable are forgotten, so a ready instance asks nothing. */
    public Map<String, Long> notYetOrderable() {
        awaitedForReadiness.entrySet().removeIf(awaited -> orderable(awaited.getKey(), awaited.getValue()));
        return Map.copyOf(awaitedForReadiness);
    }
}
