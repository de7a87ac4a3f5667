package dev.orderpipeline.checkout.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.orderpipeline.catalog.events.ProductUpdated;

/** Checkout's own copy of names and prices, kept from the catalog topic. */
@ApplicationScoped
public class PriceList {

    private final EntityManager entityManager;

    PriceList(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Applies a catalog change unless a newer version is already known. */
    @Transactional(TxType.MANDATORY)
    public void apply(ProductUpdated product) {
        entityManager.createNativeQuery("""
                insert into checkout_price (sku, name, price, catalog_version) values (?1, ?2, ?3, ?4)
                on conflict (sku) do update set name = excluded.name, price = excluded.price,
                    catalog_version = excluded.catalog_version
                where checkout_price.catalog_version < excluded.catalog_version""")
                .setParameter(1, product.sku()).setParameter(2, product.name()).setParameter(3, product.price())
                .setParameter(4, product.version()).executeUpdate();
    }
}
