package dev.orderpipeline.checkout.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderpipeline.catalog.events.ProductUpdated;
import dev.orderpipeline.checkout.service.OrderStatusService;
import dev.orderpipeline.checkout.service.PriceList;
import dev.orderpipeline.contract.PipelineMessage;
import dev.orderpipeline.inventory.events.StockRejected;
import dev.orderpipeline.inventory.events.StockReserved;
import dev.orderpipeline.messaging.ConsumerHandlers;
import dev.orderpipeline.messaging.EventHandlers;
import dev.orderpipeline.payment.events.PaymentCaptured;
import dev.orderpipeline.payment.events.PaymentDeclined;

/** Checkout's Kafka consumers, each taking a batch at a time: order status from inventory and payment, prices from the catalog. */
@ApplicationScoped
public class CheckoutConsumers implements ConsumerHandlers {

    public static final String INVENTORY_CONSUMER = "checkout-inventory";
    public static final String PAYMENTS_CONSUMER = "checkout-payments";
    public static final String CATALOG_CONSUMER = "checkout-catalog";

    private final EventHandlers inventoryHandlers;
    private final EventHandlers paymentHandlers;
    private final EventHandlers productHandlers;

    CheckoutConsumers(OrderStatusService orders, PriceList prices) {
        this.inventoryHandlers = EventHandlers.builder()
                .on(StockReserved.class, reserved -> orders.stockReserved(reserved.orderId()))
                .on(StockRejected.class,
                        rejected -> orders.stockRejected(rejected.orderId(), rejected.reason(), rejected.unavailableSkus()))
                .beforeEffects(messages -> orders.lock(orderIds(messages)))
                .build();
        this.paymentHandlers = EventHandlers.builder()
                .on(PaymentCaptured.class, captured -> orders.paymentCaptured(captured.orderId()))
                .on(PaymentDeclined.class, declined -> orders.paymentDeclined(declined.orderId(), declined.reason()))
                .beforeEffects(messages -> orders.lock(orderIds(messages)))
                .build();
        this.productHandlers = EventHandlers.builder()
                .on(ProductUpdated.class, prices::apply)
                .build();
    }

    @Override
    public Map<String, EventHandlers> kafkaHandlers() {
        return Map.of(INVENTORY_CONSUMER, inventoryHandlers, PAYMENTS_CONSUMER, paymentHandlers, CATALOG_CONSUMER, productHandlers);
    }

    /** The orders of a batch, for locking in id order (their key is the order id); a message without one locks nothing. */
    private static List<UUID> orderIds(List<PipelineMessage> messages) {
        List<UUID> ids = new ArrayList<>();
        for (PipelineMessage message : messages) {
            try {
                ids.add(UUID.fromString(message.key()));
            } catch (RuntimeException e) {
                // no order id: its effect finds the order (or not) by itself
            }
        }
        return ids;
    }
}
