package dev.orderpipeline.checkout.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderpipeline.catalog.events.CatalogCopy;
import dev.orderpipeline.platform.CatalogVersions;
import io.agroal.api.AgroalDataSource;

/** Checkout's price list as a catalog copy: a product is orderable once checkout knows its price. */
@ApplicationScoped
public class CheckoutCatalogCopy implements CatalogCopy {

    /** The catalog version the copy holds for a SKU. Parameter: SKU. */
    private static final String VERSION = "select catalog_version from checkout_price where sku = ?";

    private final AgroalDataSource dataSource;

    CheckoutCatalogCopy(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String name() {
        return "checkout";
    }

    @Override
    public boolean holds(String sku, long version) {
        return CatalogVersions.holds(dataSource, VERSION, sku, version);
    }
}
