package dev.orderpipeline.checkout.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.orderpipeline.catalog.events.ProductUpdated;
import dev.orderpipeline.checkout.service.OrderStatusService;
import dev.orderpipeline.checkout.service.PriceList;
import dev.orderpipeline.inventory.events.StockRejected;
import dev.orderpipeline.inventory.events.StockReserved;
import dev.orderpipeline.messaging.EventJson;
import dev.orderpipeline.messaging.IncomingEvent;
import dev.orderpipeline.messaging.KafkaInbound;
import dev.orderpipeline.payment.events.PaymentCaptured;
import dev.orderpipeline.payment.events.PaymentDeclined;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Checkout's Kafka consumers, each taking a batch at a time: order status from inventory and payment, prices from the catalog. */
@ApplicationScoped
public class CheckoutConsumers {

    public static final String INVENTORY_CHANNEL = "checkout-inventory";
    public static final String PAYMENTS_CHANNEL = "checkout-payments";
    public static final String CATALOG_CHANNEL = "checkout-catalog";

    private final KafkaInbound inbound;
    private final OrderStatusService orders;
    private final Map<String, Consumer<IncomingEvent>> inventoryHandlers;
    private final Map<String, Consumer<IncomingEvent>> paymentHandlers;
    private final Map<String, Consumer<IncomingEvent>> productHandlers;

    CheckoutConsumers(KafkaInbound inbound, OrderStatusService orders, PriceList prices, EventJson json) {
        this.inbound = inbound;
        this.orders = orders;
        this.inventoryHandlers = Map.of(
                StockReserved.TYPE, event -> orders.stockReserved(json.read(event, StockReserved.class).orderId()),
                StockRejected.TYPE, event -> {
                    StockRejected rejected = json.read(event, StockRejected.class);
                    orders.stockRejected(rejected.orderId(), rejected.reason(), rejected.unavailableSkus());
                });
        this.paymentHandlers = Map.of(
                PaymentCaptured.TYPE, event -> orders.paymentCaptured(json.read(event, PaymentCaptured.class).orderId()),
                PaymentDeclined.TYPE, event -> {
                    PaymentDeclined declined = json.read(event, PaymentDeclined.class);
                    orders.paymentDeclined(declined.orderId(), declined.reason());
                });
        this.productHandlers = Map.of(
                ProductUpdated.TYPE, event -> prices.apply(json.read(event, ProductUpdated.class)));
    }

    @Incoming(INVENTORY_CHANNEL)
    @Blocking
    public CompletionStage<Void> onInventory(KafkaRecordBatch<String, byte[]> batch) {
        return inbound.processBatch(INVENTORY_CHANNEL, batch, inventoryHandlers, this::lockOrders);
    }

    @Incoming(PAYMENTS_CHANNEL)
    @Blocking
    public CompletionStage<Void> onPayments(KafkaRecordBatch<String, byte[]> batch) {
        return inbound.processBatch(PAYMENTS_CHANNEL, batch, paymentHandlers, this::lockOrders);
    }

    @Incoming(CATALOG_CHANNEL)
    @Blocking
    public CompletionStage<Void> onProducts(KafkaRecordBatch<String, byte[]> batch) {
        return inbound.processBatch(CATALOG_CHANNEL, batch, productHandlers);
    }

    /** Locks the batch's orders (the record key is the order id) in id order; a key that is not one locks nothing. */
    private void lockOrders(List<IncomingEvent> events) {
        List<UUID> ids = new ArrayList<>();
        for (IncomingEvent event : events) {
            try {
                ids.add(UUID.fromString(event.key()));
            } catch (RuntimeException e) {
                // not an order id: its handler finds the order (or not) by the payload
            }
        }
        orders.lock(ids);
    }
}
