package dev.orderpipeline.catalog.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.orderpipeline.catalog.Product;
import dev.orderpipeline.catalog.events.ProductUpdated;
import dev.orderpipeline.messaging.outbox.Outbox;
import dev.orderpipeline.platform.Jdbc;
import io.quarkus.panache.common.Sort;

/** Creates and changes products; each change fans out to the catalog topic through the outbox. */
@ApplicationScoped
public class CatalogService {

    private final Outbox outbox;
    private final EntityManager entityManager;

    CatalogService(Outbox outbox, EntityManager entityManager) {
        this.outbox = outbox;
        this.entityManager = entityManager;
    }

    /** Creates or updates a product and returns it with its new version. */
    @Transactional
    public Product put(String sku, ProductChange change) {
        // Serialises changes of one SKU, including its creation, so versions never collide.
        Jdbc.inTransaction(entityManager,
                connection -> Jdbc.first(connection, CatalogSql.LOCK_SKU, row -> true, "product:" + sku));
        Product product = Product.<Product>findByIdOptional(sku).orElseGet(() -> {
            Product created = new Product();
            created.sku = sku;
            return created;
        });
        product.name = change.name();
        product.price = change.price();
        product.stock = change.stock();
        product.version++;
        product.updatedAt = Instant.now();
        product.persist();
        outbox.publish(new ProductUpdated(sku, product.name, product.price, product.stock, product.version));
        return product;
    }

    public Optional<Product> find(String sku) {
        return Product.findByIdOptional(sku);
    }

    public List<Product> all() {
        return Product.listAll(Sort.by("sku"));
    }
}
