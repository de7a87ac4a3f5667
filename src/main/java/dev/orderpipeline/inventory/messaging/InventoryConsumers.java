package dev.orderpipeline.inventory.messaging;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.orderpipeline.catalog.events.ProductUpdated;
import dev.orderpipeline.checkout.events.OrderPlaced;
import dev.orderpipeline.contract.PipelineMessage;
import dev.orderpipeline.inventory.service.InventoryService;
import dev.orderpipeline.messaging.EventHandlers;
import dev.orderpipeline.messaging.KafkaInbound;
import dev.orderpipeline.payment.events.PaymentCaptured;
import dev.orderpipeline.payment.events.PaymentDeclined;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Inventory's Kafka consumers, each taking a batch at a time: orders to reserve, payment outcomes to commit or release, catalog stock levels. */
@ApplicationScoped
public class InventoryConsumers {

    public static final String ORDERS_CHANNEL = "inventory-orders";
    public static final String PAYMENTS_CHANNEL = "inventory-payments";
    public static final String CATALOG_CHANNEL = "inventory-catalog";

    private final KafkaInbound inbound;
    private final EventHandlers orderHandlers;
    private final EventHandlers paymentHandlers;
    private final EventHandlers productHandlers;

    InventoryConsumers(KafkaInbound inbound, InventoryService inventory) {
        this.inbound = inbound;
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

    @Incoming(ORDERS_CHANNEL)
    @Blocking
    public CompletionStage<Void> onOrders(KafkaRecordBatch<String, byte[]> batch) {
        return inbound.processBatch(ORDERS_CHANNEL, batch, orderHandlers);
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

    @Incoming(PAYMENTS_CHANNEL)
    @Blocking
    public CompletionStage<Void> onPayments(KafkaRecordBatch<String, byte[]> batch) {
        return inbound.processBatch(PAYMENTS_CHANNEL, batch, paymentHandlers);
    }

    @Incoming(CATALOG_CHANNEL)
    @Blocking
    public CompletionStage<Void> onProducts(KafkaRecordBatch<String, byte[]> batch) {
        return inbound.processBatch(CATALOG_CHANNEL, batch, productHandlers);
    }
}
