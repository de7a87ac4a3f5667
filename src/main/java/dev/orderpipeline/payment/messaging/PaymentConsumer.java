package dev.orderpipeline.payment.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.orderpipeline.inventory.events.StockRejected;
import dev.orderpipeline.inventory.events.StockReserved;
import dev.orderpipeline.messaging.EventHandlers;
import dev.orderpipeline.messaging.KafkaInbound;
import dev.orderpipeline.payment.service.PaymentService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Charges orders whose stock is reserved, a batch of inventory events at a time; ignores rejections. */
@ApplicationScoped
public class PaymentConsumer {

    public static final String CHANNEL = "payment-inventory";

    private final KafkaInbound inbound;
    private final EventHandlers handlers;

    PaymentConsumer(KafkaInbound inbound, PaymentService payments) {
        this.inbound = inbound;
        this.handlers = EventHandlers.builder()
                .on(StockReserved.class, payments::charge)
                .ignore(StockRejected.class)
                .build();
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onInventory(KafkaRecordBatch<String, byte[]> batch) {
        return inbound.processBatch(CHANNEL, batch, handlers);
    }
}
