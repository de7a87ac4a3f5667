package dev.orderpipeline.inventory.service;

/**
 * InventoryService's statements on {@code inventory_item} and {@code stock_reservation}, run in plain JDBC
 * (platform/Jdbc), on the transaction's connection except the product views' read: as Hibernate native queries, the
 * layer around each statement (query creation, parameter binding, executeUpdate's flush checks) cost several times
 * the statement itself on the consumers' hot path, measured with async-profiler at 50 orders/s.
 */
final class InventorySql {

    /** Units available per SKU. Parameter: SKUs (varchar[]). */
    static final String AVAILABLE = "select sku, available from inventory_item where sku = any (?)";

    /** As {@link #AVAILABLE}, locking the rows in SKU order for the rest of the transaction. Parameter: SKUs (varchar[]). */
    static final String LOCK_AVAILABLE = AVAILABLE + " order by sku for update";

    /**
     * Takes the units of every line from the stock and holds them for the order, in one statement. The stock rows
     * must already be locked ({@link #LOCK_AVAILABLE}), so the order in which this update reaches them cannot
     * deadlock. Parameters: SKUs (varchar[]), quantities (int[], same order), order id.
     */
    static final String RESERVE = """
            with taken as (
                update inventory_item i set available = i.available - w.quantity, updated_at = now()
                from unnest(?::varchar[], ?::int[]) w (sku, quantity)
                where i.sku = w.sku
                returning i.sku, w.quantity)
            insert into stock_reservation (order_id, sku, quantity, status, updated_at)
            select ?, sku, quantity, 'HELD', now() from taken""";

    /** Parameter: order id. */
    static final String COMMIT = """
            update stock_reservation set status = 'COMMITTED', updated_at = now()
            where order_id = ? and status = 'HELD'""";

    /** Marks the order's held units released and returns them. Parameter: order id. */
    static final String RELEASE = """
            update stock_reservation set status = 'RELEASED', updated_at = now()
            where order_id = ? and status = 'HELD' returning sku, quantity""";

    /** Parameters: quantity, SKU. */
    static final String RESTOCK = "update inventory_item set available = available + ?, updated_at = now() where sku = ?";

    /** Sets a SKU's stock from the catalog unless a newer version was applied. Parameters: SKU, stock, version. */
    static final String APPLY = """
            insert into inventory_item (sku, available, catalog_version, updated_at) values (?, ?, ?, now())
            on conflict (sku) do update set available = excluded.available, catalog_version = excluded.catalog_version,
                updated_at = now()
            where inventory_item.catalog_version < excluded.catalog_version""";

    private InventorySql() {
    }
}
