package dev.orderpipeline.inventory.messaging;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.orderpipeline.catalog.events.ProductUpdated;
import dev.orderpipeline.checkout.events.OrderPlaced;
import dev.orderpipeline.inventory.service.InventoryService;
import dev.orderpipeline.messaging.EventJson;
import dev.orderpipeline.messaging.IncomingEvent;
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
    private final InventoryService inventory;
    private final EventJson json;
    private final Map<String, Consumer<IncomingEvent>> orderHandlers;
    private final Map<String, Consumer<IncomingEvent>> paymentHandlers;
    private final Map<String, Consumer<IncomingEvent>> productHandlers;

    InventoryConsumers(KafkaInbound inbound, InventoryService inventory, EventJson json) {
        this.inbound = inbound;
        this.inventory = inventory;
        this.json = json;
        this.orderHandlers = Map.of(
                OrderPlaced.TYPE, event -> inventory.reserve(json.read(event, OrderPlaced.class)));
        this.paymentHandlers = Map.of(
                PaymentCaptured.TYPE, event -> inventory.commit(json.read(event, PaymentCaptured.class).orderId()),
                PaymentDeclined.TYPE, event -> inventory.release(json.read(event, PaymentDeclined.class).orderId()));
        this.productHandlers = Map.of(
                ProductUpdated.TYPE, event -> inventory.apply(json.read(event, ProductUpdated.class)));
    }

    @Incoming(ORDERS_CHANNEL)
    @Blocking
    public CompletionStage<Void> onOrders(KafkaRecordBatch<String, byte[]> batch) {
        return inbound.processBatch(ORDERS_CHANNEL, batch, orderHandlers, this::lockStock);
    }

    /** Locks the stock of every SKU the batch's orders reserve, in SKU order; an unreadable order fails later, alone. */
    private void lockStock(List<IncomingEvent> orders) {
        Set<String> skus = new TreeSet<>();
        for (IncomingEvent event : orders) {
            try {
                json.read(event, OrderPlaced.class).lines().forEach(line -> skus.add(line.sku()));
            } catch (RuntimeException e) {
                // its own handler reports it
            }
        }
        inventory.lock(skus);
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
