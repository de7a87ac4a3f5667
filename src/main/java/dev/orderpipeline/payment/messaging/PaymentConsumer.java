package dev.orderpipeline.payment.messaging;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.orderpipeline.inventory.messaging.StockRejected;
import dev.orderpipeline.inventory.messaging.StockReserved;
import dev.orderpipeline.messaging.EventJson;
import dev.orderpipeline.messaging.KafkaInbound;
import dev.orderpipeline.payment.service.PaymentService;
import io.smallrye.common.annotation.Blocking;

/** Charges orders whose stock is reserved; ignores rejections. */
@ApplicationScoped
public class PaymentConsumer {

    public static final String CHANNEL = "payment-inventory";

    private final KafkaInbound inbound;
    private final PaymentService payments;
    private final EventJson json;

    PaymentConsumer(KafkaInbound inbound, PaymentService payments, EventJson json) {
        this.inbound = inbound;
        this.payments = payments;
        this.json = json;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onInventory(Message<byte[]> message) {
        return inbound.process(CHANNEL, message, Map.of(
                StockReserved.TYPE, event -> payments.charge(json.read(event, StockReserved.class)),
                StockRejected.TYPE, event -> json.read(event, StockRejected.class)));
    }
}
