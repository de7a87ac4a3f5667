package dev.orderpipeline.catalog.events;

/**
 * A feature's own copy of the catalog, kept from {@link ProductUpdated} events: the read port through which the
 * catalog learns when a change has reached its readers, without calling their services or reading their tables.
 */
public interface CatalogCopy {

    /** Who keeps this copy, for logs and health data. */
    String name();

    /** Whether this copy holds {@code sku} at {@code version} or newer; read from the database, so any instance can ask. */
    boolean holds(String sku, long version);
}
