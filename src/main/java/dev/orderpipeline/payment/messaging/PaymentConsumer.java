package dev.orderpipeline.payment.messaging;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.orderpipeline.inventory.messaging.StockRejected;
import dev.orderpipeline.inventory.messaging.StockReserved;
import dev.orderpipeline.messaging.EventJson;
import dev.orderpipeline.messaging.IdempotentHandler;
import dev.orderpipeline.messaging.IncomingEvent;
import dev.orderpipeline.payment.service.PaymentService;
import io.smallrye.common.annotation.Blocking;

/** Charges orders whose stock is reserved; ignores rejections. */
@ApplicationScoped
public class PaymentConsumer {

    public static final String CHANNEL = "payment-inventory";

    private final IdempotentHandler handler;
    private final PaymentService payments;
    private final EventJson json;

    PaymentConsumer(IdempotentHandler handler, PaymentService payments, EventJson json) {
        this.handler = handler;
        this.payments = payments;
        this.json = json;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onInventory(ConsumerRecord<String, byte[]> record) {
        handler.handle(CHANNEL, IncomingEvent.fromKafka(record), Map.of(
                StockReserved.TYPE, event -> payments.charge(json.read(event, StockReserved.class)),
                StockRejected.TYPE, event -> json.read(event, StockRejected.class)));
    }
}
