package dev.orderpipeline.checkout.events;

import java.math.BigDecimal;

/** One line of an order, priced when the order was placed. */
public record OrderLine(String sku, int quantity, BigDecimal unitPrice) {
}
