package dev.orderpipeline.catalog.events;

import java.math.BigDecimal;

/** A product was created or changed; {@code stock} is the available level the administrator set. */
public record ProductUpdated(String sku, String name, BigDecimal price, int stock, long version) {

    public static final String TYPE = "dev.orderpipeline.catalog.product-updated.v1";
}
