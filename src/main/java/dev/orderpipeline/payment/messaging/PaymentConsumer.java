package dev.orderpipeline.payment.messaging;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderpipeline.inventory.events.StockRejected;
import dev.orderpipeline.inventory.events.StockReserved;
import dev.orderpipeline.messaging.ConsumerHandlers;
import dev.orderpipeline.messaging.EventHandlers;
import dev.orderpipeline.payment.service.PaymentService;

/** Charges orders whose stock is reserved, a batch of inventory events at a time; ignores rejections. */
@ApplicationScoped
public class PaymentConsumer implements ConsumerHandlers {

    public static final String CONSUMER = "payment-inventory";

    private final EventHandlers handlers;

    PaymentConsumer(PaymentService payments) {
        this.handlers = EventHandlers.builder()
                .on(StockReserved.class, payments::charge)
                .ignore(StockRejected.class)
                .build();
    }

    @Override
    public Map<String, EventHandlers> kafkaHandlers() {
        return Map.of(CONSUMER, handlers);
    }
}
