package dev.orderpipeline.inventory.messaging;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderpipeline.catalog.events.ProductUpdated;
import dev.orderpipeline.checkout.events.OrderPlaced;
import dev.orderpipeline.contract.PipelineMessage;
import dev.orderpipeline.inventory.service.InventoryService;
import dev.orderpipeline.messaging.ConsumerHandlers;
import dev.orderpipeline.messaging.EventHandlers;
import dev.orderpipeline.payment.events.PaymentCaptured;
import dev.orderpipeline.payment.events.PaymentDeclined;

/** Inventory's Kafka consumers, each taking a batch at a time: orders to reserve, payment outcomes to commit or release, catalog stock levels. */
@ApplicationScoped
public class InventoryConsumers implements ConsumerHandlers {

    public static final String ORDERS_CONSUMER = "inventory-orders";
    public static final String PAYMENTS_CONSUMER = "inventory-payments";
    public static final String CATALOG_CONSUMER = "inventory-catalog";

    private final EventHandlers orderHandlers;
    private final EventHandlers paymentHandlers;
    private final EventHandlers productHandlers;

    InventoryConsumers(InventoryService inventory) {
        this.orderHandlers = EventHandlers.builder()
                .on(OrderPlaced.class, inventory::reserve)
                .beforeEffects(orders -> inventory.lock(skus(orders)))
                .build();
        this.paymentHandlers = EventHandlers.builder()
                .on(PaymentCaptured.class, captured -> inventory.commit(captured.orderId()))
                .on(PaymentDeclined.class, declined -> inventory.release(declined.orderId()))
                .build();
        this.productHandlers = EventHandlers.builder()
                .on(ProductUpdated.class, inventory::apply)
                .build();
    }

    @Override
    public Map<String, EventHandlers> kafkaHandlers() {
        return Map.of(ORDERS_CONSUMER, orderHandlers, PAYMENTS_CONSUMER, paymentHandlers, CATALOG_CONSUMER, productHandlers);
    }

    /** Every SKU the batch's orders reserve, in SKU order, for locking; an order without lines fails later, alone. */
    private static Set<String> skus(List<PipelineMessage> orders) {
        Set<String> skus = new TreeSet<>();
        for (PipelineMessage message : orders) {
            try {
                ((OrderPlaced) message).lines().forEach(line -> skus.add(line.sku()));
            } catch (RuntimeException e) {
                // its own effect reports it
            }
        }
        return skus;
    }
}
