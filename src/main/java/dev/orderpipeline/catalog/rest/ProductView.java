package dev.orderpipeline.catalog.rest;

import java.math.BigDecimal;

/** A product as the API shows it; {@code stock} is the number of units still available to order. */
public record ProductView(String sku, String name, BigDecimal price, int stock) {
}
