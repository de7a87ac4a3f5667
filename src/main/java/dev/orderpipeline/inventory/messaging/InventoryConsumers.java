package dev.orderpipeline.inventory.messaging;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.orderpipeline.catalog.messaging.ProductUpdated;
import dev.orderpipeline.checkout.messaging.OrderPlaced;
import dev.orderpipeline.inventory.service.InventoryService;
import dev.orderpipeline.messaging.EventJson;
import dev.orderpipeline.messaging.KafkaInbound;
import dev.orderpipeline.payment.messaging.PaymentCaptured;
import dev.orderpipeline.payment.messaging.PaymentDeclined;
import io.smallrye.common.annotation.Blocking;

/** Inventory's Kafka consumers: orders to reserve, payment outcomes to commit or release, catalog stock levels. */
@ApplicationScoped
public class InventoryConsumers {

    public static final String ORDERS_CHANNEL = "inventory-orders";
    public static final String PAYMENTS_CHANNEL = "inventory-payments";
    public static final String CATALOG_CHANNEL = "inventory-catalog";

    private final KafkaInbound inbound;
    private final InventoryService inventory;
    private final EventJson json;

    InventoryConsumers(KafkaInbound inbound, InventoryService inventory, EventJson json) {
        this.inbound = inbound;
        this.inventory = inventory;
        this.json = json;
    }

    @Incoming(ORDERS_CHANNEL)
    @Blocking
    public CompletionStage<Void> onOrder(Message<byte[]> message) {
        return inbound.process(ORDERS_CHANNEL, message, Map.of(
                OrderPlaced.TYPE, event -> inventory.reserve(json.read(event, OrderPlaced.class))));
    }

    @Incoming(PAYMENTS_CHANNEL)
    @Blocking
    public CompletionStage<Void> onPayment(Message<byte[]> message) {
        return inbound.process(PAYMENTS_CHANNEL, message, Map.of(
                PaymentCaptured.TYPE, event -> inventory.commit(json.read(event, PaymentCaptured.class).orderId()),
                PaymentDeclined.TYPE, event -> inventory.release(json.read(event, PaymentDeclined.class).orderId())));
    }

    @Incoming(CATALOG_CHANNEL)
    @Blocking
    public CompletionStage<Void> onProduct(Message<byte[]> message) {
        return inbound.process(CATALOG_CHANNEL, message, Map.of(
                ProductUpdated.TYPE, event -> inventory.apply(json.read(event, ProductUpdated.class))));
    }
}
