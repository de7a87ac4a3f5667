package dev.orderpipeline.checkout.rest;

import java.util.List;

/** The body of {@code POST /api/orders}. */
public record CheckoutRequest(String customerEmail, List<Item> items) {

    /** One requested line. */
    public record Item(String sku, Integer quantity) {
    }
}
