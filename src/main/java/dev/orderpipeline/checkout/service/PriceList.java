package dev.orderpipeline.checkout.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.Session;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.orderpipeline.catalog.events.ProductUpdated;

/** Checkout's own copy of names and prices, kept from the catalog topic. */
@ApplicationScoped
public class PriceList {

    private final Session entityManager;

    PriceList(Session entityManager) {
        this.entityManager = entityManager;
    }

    /** Applies a catalog change unless a newer version is already known: one upsert ({@link dev.orderpipeline.checkout.CheckoutPrice}). */
    @Transactional(TxType.MANDATORY)
    public void apply(ProductUpdated product) {
        entityManager.createMutationQuery("""
                insert into CheckoutPrice p (sku, name, price, catalogVersion) values (:sku, :name, :price, :version)
                on conflict (sku) do update set name = excluded.name, price = excluded.price,
                    catalogVersion = excluded.catalogVersion
                where p.catalogVersion < excluded.catalogVersion""")
                .setParameter("sku", product.sku()).setParameter("name", product.name()).setParameter("price", product.price())
                .setParameter("version", product.version()).executeUpdate();
    }
}
