package dev.orderpipeline.checkout.messaging;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.orderpipeline.catalog.messaging.ProductUpdated;
import dev.orderpipeline.checkout.service.OrderStatusService;
import dev.orderpipeline.checkout.service.PriceList;
import dev.orderpipeline.inventory.messaging.StockRejected;
import dev.orderpipeline.inventory.messaging.StockReserved;
import dev.orderpipeline.messaging.EventJson;
import dev.orderpipeline.messaging.KafkaInbound;
import dev.orderpipeline.payment.messaging.PaymentCaptured;
import dev.orderpipeline.payment.messaging.PaymentDeclined;
import io.smallrye.common.annotation.Blocking;

/** Checkout's Kafka consumers: order status from inventory and payment, prices from the catalog. */
@ApplicationScoped
public class CheckoutConsumers {

    public static final String INVENTORY_CHANNEL = "checkout-inventory";
    public static final String PAYMENTS_CHANNEL = "checkout-payments";
    public static final String CATALOG_CHANNEL = "checkout-catalog";

    private final KafkaInbound inbound;
    private final OrderStatusService orders;
    private final PriceList prices;
    private final EventJson json;

    CheckoutConsumers(KafkaInbound inbound, OrderStatusService orders, PriceList prices, EventJson json) {
        this.inbound = inbound;
        this.orders = orders;
        this.prices = prices;
        this.json = json;
    }

    @Incoming(INVENTORY_CHANNEL)
    @Blocking
    public CompletionStage<Void> onInventory(Message<byte[]> message) {
        return inbound.process(INVENTORY_CHANNEL, message, Map.of(
                StockReserved.TYPE, event -> orders.stockReserved(json.read(event, StockReserved.class).orderId()),
                StockRejected.TYPE, event -> {
                    StockRejected rejected = json.read(event, StockRejected.class);
                    orders.stockRejected(rejected.orderId(), rejected.reason() + ": " + String.join(", ", rejected.unavailableSkus()));
                }));
    }

    @Incoming(PAYMENTS_CHANNEL)
    @Blocking
    public CompletionStage<Void> onPayment(Message<byte[]> message) {
        return inbound.process(PAYMENTS_CHANNEL, message, Map.of(
                PaymentCaptured.TYPE, event -> orders.paymentCaptured(json.read(event, PaymentCaptured.class).orderId()),
                PaymentDeclined.TYPE, event -> {
                    PaymentDeclined declined = json.read(event, PaymentDeclined.class);
                    orders.paymentDeclined(declined.orderId(), declined.reason());
                }));
    }

    @Incoming(CATALOG_CHANNEL)
    @Blocking
    public CompletionStage<Void> onProduct(Message<byte[]> message) {
        return inbound.process(CATALOG_CHANNEL, message, Map.of(
                ProductUpdated.TYPE, event -> prices.apply(json.read(event, ProductUpdated.class))));
    }
}
