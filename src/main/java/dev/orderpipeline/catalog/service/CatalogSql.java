package dev.orderpipeline.catalog.service;

/**
 * The catalog's statement outside its entities, in plain JDBC on the transaction's connection (platform/Jdbc), the
 * way the consumers run theirs: there, measured with async-profiler at 50 orders/s, Hibernate's layer around a native
 * statement cost several times the statement itself. A product change is not on that hot path; it follows the same way.
 */
final class CatalogSql {

    /** Serialises the changes of one SKU until the transaction ends. Parameter: the lock's key text. */
    static final String LOCK_SKU = "select pg_advisory_xact_lock(hashtext(?))";

    private CatalogSql() {
    }
}
