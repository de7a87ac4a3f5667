package dev.orderpipeline.inventory.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.orderpipeline.catalog.events.StockLevels;
import dev.orderpipeline.catalog.events.ProductUpdated;
import dev.orderpipeline.checkout.events.OrderPlaced;
import dev.orderpipeline.inventory.events.StockRejected;
import dev.orderpipeline.inventory.events.StockReserved;
import dev.orderpipeline.messaging.outbox.Outbox;
import dev.orderpipeline.platform.Jdbc;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;

/**
 * Stock levels and reservations. A reservation takes all lines of an order or none: the rows are locked in SKU
 * order (no deadlock between concurrent orders), checked, then decremented in one transaction.
 */
@ApplicationScoped
public class InventoryService implements StockLevels {

    private final EntityManager entityManager;
    private final AgroalDataSource dataSource;
    private final Outbox outbox;

    InventoryService(EntityManager entityManager, AgroalDataSource dataSource, Outbox outbox) {
        this.entityManager = entityManager;
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    /** Holds every line of the order, or none, and announces which it was. */
    @Transactional(TxType.MANDATORY)
    public void reserve(OrderPlaced order) {
        Map<String, Integer> wanted = new TreeMap<>();
        order.lines().forEach(line -> wanted.merge(line.sku(), line.quantity(), Integer::sum));
        Map<String, Integer> available = lockAvailable(new ArrayList<>(wanted.keySet()));
        List<String> unavailable = wanted.entrySet().stream()
                .filter(entry -> available.getOrDefault(entry.getKey(), 0) < entry.getValue())
                .map(Map.Entry::getKey).sorted().toList();
        if (!unavailable.isEmpty()) {
            outbox.publish(new StockRejected(order.orderId(), "not enough stock", unavailable));
            return;
        }
        List<String> skus = new ArrayList<>(wanted.keySet());
        List<Integer> quantities = new ArrayList<>(wanted.values());
        Jdbc.inTransaction(entityManager, connection -> Jdbc.update(connection, InventorySql.RESERVE,
                Jdbc.array("varchar", skus), Jdbc.array("integer", quantities), order.orderId()));
        outbox.publish(new StockReserved(order.orderId(), order.total()));
    }

    /**
     * Locks the stock rows of these SKUs, in SKU order, for the rest of the caller's transaction: a batch of
     * reservations takes its locks up front in the same order as every single reservation, so no two deadlock.
     */
    @Transactional(TxType.MANDATORY)
    public void lock(Collection<String> skus) {
        if (!skus.isEmpty()) {
            lockAvailable(skus.stream().distinct().toList());
        }
    }

    /** Payment captured: the held units are sold. */
    @Transactional(TxType.MANDATORY)
    public void commit(UUID orderId) {
        Jdbc.inTransaction(entityManager, connection -> Jdbc.update(connection, InventorySql.COMMIT, orderId));
    }

    /**
     * Payment failed: the held units go back to the available stock, once. The stock rows are updated in SKU order,
     * in one JDBC batch, so they are locked in the same order as a reservation locks them.
     */
    @Transactional(TxType.MANDATORY)
    public void release(UUID orderId) {
        Jdbc.inTransaction(entityManager, connection -> {
            List<Object[]> restocks = Jdbc.list(connection, InventorySql.RELEASE,
                    row -> new Object[] { row.getInt(2), row.getString(1) }, orderId);
            restocks.sort(Comparator.comparing(restock -> (String) restock[1]));
            return Jdbc.batch(connection, InventorySql.RESTOCK, restocks);
        });
    }

    /** Applies a catalog change: sets the available stock, unless a newer version was already applied. */
    @Transactional(TxType.MANDATORY)
    public void apply(ProductUpdated product) {
        int changed = Jdbc.inTransaction(entityManager, connection -> Jdbc.update(connection, InventorySql.APPLY,
                product.sku(), product.stock(), product.version()));
        if (changed == 0) {
            Log.debugf("Ignored stale catalog version %d of %s", product.version(), product.sku());
        }
    }

    /**
     * Units still available to order, by SKU: a read for the product views, which run in no transaction, on a
     * pooled connection in auto-commit mode.
     */
    @Override
    public Map<String, Integer> available(List<String> skus) {
        try {
            return Jdbc.withConnection(dataSource, connection -> available(connection, InventorySql.AVAILABLE, skus));
        } catch (SQLException e) {
            throw new IllegalStateException("The stock levels could not be read: " + e.getMessage(), e);
        }
    }

    private Map<String, Integer> lockAvailable(List<String> skus) {
        return Jdbc.inTransaction(entityManager, connection -> available(connection, InventorySql.LOCK_AVAILABLE, skus));
    }

    private static Map<String, Integer> available(Connection connection, String query, List<String> skus)
            throws SQLException {
        Map<String, Integer> available = new HashMap<>();
        Jdbc.list(connection, query, row -> available.put(row.getString(1), row.getInt(2)), Jdbc.array("varchar", skus));
        return available;
    }
}
