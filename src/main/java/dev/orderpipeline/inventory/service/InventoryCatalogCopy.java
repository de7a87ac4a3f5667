package dev.orderpipeline.inventory.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderpipeline.catalog.events.CatalogCopy;
import dev.orderpipeline.platform.CatalogVersions;
import io.agroal.api.AgroalDataSource;

/** Inventory's stock levels as a catalog copy: an order finds stock once inventory applied the product. */
@ApplicationScoped
public class InventoryCatalogCopy implements CatalogCopy {

    /** The catalog version the copy holds for a SKU. Parameter: SKU. */
    private static final String VERSION = "select catalog_version from inventory_item where sku = ?";

    private final AgroalDataSource dataSource;

    InventoryCatalogCopy(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String name() {
        return "inventory";
    }

    @Override
    public boolean holds(String sku, long version) {
        return CatalogVersions.holds(dataSource, VERSION, sku, version);
    }
}
