package dev.orderpipeline.inventory.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import io.quarkus.logging.Log;

/**
 * Stock levels and reservations. A reservation takes all lines of an order or none: the rows are locked in SKU
 * order (no deadlock between concurrent orders), checked, then decremented in one transaction.
 */
@ApplicationScoped
public class InventoryService implements StockLevels {

    private final EntityManager entityManager;
    private final Outbox outbox;

    InventoryService(EntityManager entityManager, Outbox outbox) {
        this.entityManager = entityManager;
        this.outbox = outbox;
    }

    /** Holds every line of the order, or none, and announces which it was. */
    @Transactional(TxType.MANDATORY)
    public void reserve(OrderPlaced order) {
        Map<String, Integer> wanted = new HashMap<>();
        order.lines().forEach(line -> wanted.merge(line.sku(), line.quantity(), Integer::sum));
        Map<String, Integer> available = lockAvailable(new ArrayList<>(wanted.keySet()));
        List<String> unavailable = wanted.entrySet().stream()
                .filter(entry -> available.getOrDefault(entry.getKey(), 0) < entry.getValue())
                .map(Map.Entry::getKey).sorted().toList();
        if (!unavailable.isEmpty()) {
            outbox.publish(new StockRejected(order.orderId(), "not enough stock", unavailable));
            return;
        }
        wanted.forEach((sku, quantity) -> {
            entityManager.createNativeQuery("update inventory_item set available = available - ?1, updated_at = now() where sku = ?2")
                    .setParameter(1, quantity).setParameter(2, sku).executeUpdate();
            entityManager.createNativeQuery("""
                    insert into stock_reservation (order_id, sku, quantity, status, updated_at)
                    values (?1, ?2, ?3, 'HELD', now())""")
                    .setParameter(1, order.orderId()).setParameter(2, sku).setParameter(3, quantity).executeUpdate();
        });
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
        entityManager.createNativeQuery(
                "update stock_reservation set status = 'COMMITTED', updated_at = now() where order_id = ?1 and status = 'HELD'")
                .setParameter(1, orderId).executeUpdate();
    }

    /** Payment failed: the held units go back to the available stock, once. */
    @Transactional(TxType.MANDATORY)
    public void release(UUID orderId) {
        @SuppressWarnings("unchecked")
        List<Object[]> released = entityManager.createNativeQuery("""
                update stock_reservation set status = 'RELEASED', updated_at = now()
                where order_id = ?1 and status = 'HELD' returning sku, quantity""")
                .setParameter(1, orderId).getResultList();
        released.stream().sorted((a, b) -> ((String) a[0]).compareTo((String) b[0])).forEach(row ->
                entityManager.createNativeQuery("update inventory_item set available = available + ?1, updated_at = now() where sku = ?2")
                        .setParameter(1, ((Number) row[1]).intValue()).setParameter(2, row[0]).executeUpdate());
    }

    /** Applies a catalog change: sets the available stock, unless a newer version was already applied. */
    @Transactional(TxType.MANDATORY)
    public void apply(ProductUpdated product) {
        int changed = entityManager.createNativeQuery("""
                insert into inventory_item (sku, available, catalog_version, updated_at) values (?1, ?2, ?3, now())
                on conflict (sku) do update set available = excluded.available, catalog_version = excluded.catalog_version,
                    updated_at = now()
                where inventory_item.catalog_version < excluded.catalog_version""")
                .setParameter(1, product.sku()).setParameter(2, product.stock()).setParameter(3, product.version())
                .executeUpdate();
        if (changed == 0) {
            Log.debugf("Ignored stale catalog version %d of %s", product.version(), product.sku());
        }
    }

    /** Units still available to order, by SKU. */
    @Override
    public Map<String, Integer> available(List<String> skus) {
        return available(skus, "");
    }

    private Map<String, Integer> lockAvailable(List<String> skus) {
        return available(skus, " order by sku for update");
    }

    private Map<String, Integer> available(List<String> skus, String locking) {
        Map<String, Integer> available = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select sku, available from inventory_item where sku = any (?1)" + locking)
                .setParameter(1, skus.toArray(String[]::new)).getResultList();
        rows.forEach(row -> available.put((String) row[0], ((Number) row[1]).intValue()));
        return available;
    }

}
