package dev.orderpipeline.catalog.service;

import java.math.BigDecimal;

/** What an administrator sends for a product. */
public record ProductChange(String name, BigDecimal price, Integer stock) {
}
