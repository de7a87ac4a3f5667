package dev.orderpipeline.checkout.messaging;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.orderpipeline.catalog.messaging.ProductUpdated;
import dev.orderpipeline.checkout.service.OrderStatusService;
import dev.orderpipeline.checkout.service.PriceList;
import dev.orderpipeline.inventory.messaging.StockRejected;
import dev.orderpipeline.inventory.messaging.StockReserved;
import dev.orderpipeline.messaging.EventJson;
import dev.orderpipeline.messaging.IdempotentHandler;
import dev.orderpipeline.messaging.IncomingEvent;
import dev.orderpipeline.payment.messaging.PaymentCaptured;
import dev.orderpipeline.payment.messaging.PaymentDeclined;
import io.smallrye.common.annotation.Blocking;

/** Checkout's Kafka consumers: order status from inventory and payment, prices from the catalog. */
@ApplicationScoped
public class CheckoutConsumers {

    public static final String INVENTORY_CHANNEL = "checkout-inventory";
    public static final String PAYMENTS_CHANNEL = "checkout-payments";
    public static final String CATALOG_CHANNEL = "checkout-catalog";

    private final IdempotentHandler handler;
    private final OrderStatusService orders;
    private final PriceList prices;
    private final EventJson json;

    CheckoutConsumers(IdempotentHandler handler, OrderStatusService orders, PriceList prices, EventJson json) {
        this.handler = handler;
        this.orders = orders;
        this.prices = prices;
        this.json = json;
    }

    @Incoming(INVENTORY_CHANNEL)
    @Blocking
    public void onInventory(ConsumerRecord<String, byte[]> record) {
        handler.handle(INVENTORY_CHANNEL, IncomingEvent.fromKafka(record), Map.of(
                StockReserved.TYPE, event -> orders.stockReserved(json.read(event, StockReserved.class).orderId()),
                StockRejected.TYPE, event -> {
                    StockRejected rejected = json.read(event, StockRejected.class);
                    orders.stockRejected(rejected.orderId(), rejected.reason() + ": " + String.join(", ", rejected.unavailableSkus()));
                }));
    }

    @Incoming(PAYMENTS_CHANNEL)
    @Blocking
    public void onPayment(ConsumerRecord<String, byte[]> record) {
        handler.handle(PAYMENTS_CHANNEL, IncomingEvent.fromKafka(record), Map.of(
                PaymentCaptured.TYPE, event -> orders.paymentCaptured(json.read(event, PaymentCaptured.class).orderId()),
                PaymentDeclined.TYPE, event -> {
                    PaymentDeclined declined = json.read(event, PaymentDeclined.class);
                    orders.paymentDeclined(declined.orderId(), declined.reason());
                }));
    }

    @Incoming(CATALOG_CHANNEL)
    @Blocking
    public void onProduct(ConsumerRecord<String, byte[]> record) {
        handler.handle(CATALOG_CHANNEL, IncomingEvent.fromKafka(record), Map.of(
                ProductUpdated.TYPE, event -> prices.apply(json.read(event, ProductUpdated.class))));
    }
}
