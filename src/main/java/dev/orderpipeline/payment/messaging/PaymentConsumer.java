package dev.orderpipeline.payment.messaging;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.orderpipeline.inventory.events.StockRejected;
import dev.orderpipeline.inventory.events.StockReserved;
import dev.orderpipeline.messaging.EventJson;
import dev.orderpipeline.messaging.IncomingEvent;
import dev.orderpipeline.messaging.KafkaInbound;
import dev.orderpipeline.payment.service.PaymentService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Charges orders whose stock is reserved, a batch of inventory events at a time; ignores rejections. */
@ApplicationScoped
public class PaymentConsumer {

    public static final String CHANNEL = "payment-inventory";

    private final KafkaInbound inbound;
    private final Map<String, Consumer<IncomingEvent>> handlers;

    PaymentConsumer(KafkaInbound inbound, PaymentService payments, EventJson json) {
        this.inbound = inbound;
        this.handlers = Map.of(
                StockReserved.TYPE, event -> payments.charge(json.read(event, StockReserved.class)),
                StockRejected.TYPE, event -> json.read(event, StockRejected.class));
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onInventory(KafkaRecordBatch<String, byte[]> batch) {
        return inbound.processBatch(CHANNEL, batch, handlers);
    }
}
