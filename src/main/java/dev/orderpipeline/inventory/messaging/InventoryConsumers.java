package dev.orderpipeline.inventory.messaging;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.orderpipeline.catalog.messaging.ProductUpdated;
import dev.orderpipeline.checkout.messaging.OrderPlaced;
import dev.orderpipeline.inventory.service.InventoryService;
import dev.orderpipeline.messaging.EventJson;
import dev.orderpipeline.messaging.IdempotentHandler;
import dev.orderpipeline.messaging.IncomingEvent;
import dev.orderpipeline.payment.messaging.PaymentCaptured;
import dev.orderpipeline.payment.messaging.PaymentDeclined;
import io.smallrye.common.annotation.Blocking;

/** Inventory's Kafka consumers: orders to reserve, payment outcomes to commit or release, catalog stock levels. */
@ApplicationScoped
public class InventoryConsumers {

    public static final String ORDERS_CHANNEL = "inventory-orders";
    public static final String PAYMENTS_CHANNEL = "inventory-payments";
    public static final String CATALOG_CHANNEL = "inventory-catalog";

    private final IdempotentHandler handler;
    private final InventoryService inventory;
    private final EventJson json;

    InventoryConsumers(IdempotentHandler handler, InventoryService inventory, EventJson json) {
        this.handler = handler;
        this.inventory = inventory;
        this.json = json;
    }

    @Incoming(ORDERS_CHANNEL)
    @Blocking
    public void onOrder(ConsumerRecord<String, byte[]> record) {
        handler.handle(ORDERS_CHANNEL, IncomingEvent.fromKafka(record), Map.of(
                OrderPlaced.TYPE, event -> inventory.reserve(json.read(event, OrderPlaced.class))));
    }

    @Incoming(PAYMENTS_CHANNEL)
    @Blocking
    public void onPayment(ConsumerRecord<String, byte[]> record) {
        handler.handle(PAYMENTS_CHANNEL, IncomingEvent.fromKafka(record), Map.of(
                PaymentCaptured.TYPE, event -> inventory.commit(json.read(event, PaymentCaptured.class).orderId()),
                PaymentDeclined.TYPE, event -> inventory.release(json.read(event, PaymentDeclined.class).orderId())));
    }

    @Incoming(CATALOG_CHANNEL)
    @Blocking
    public void onProduct(ConsumerRecord<String, byte[]> record) {
        handler.handle(CATALOG_CHANNEL, IncomingEvent.fromKafka(record), Map.of(
                ProductUpdated.TYPE, event -> inventory.apply(json.read(event, ProductUpdated.class))));
    }
}
