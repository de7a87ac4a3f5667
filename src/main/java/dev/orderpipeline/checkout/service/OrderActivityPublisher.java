package dev.orderpipeline.checkout.service;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import dev.orderpipeline.messaging.EventJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * At-most-once telemetry: after an order's status change commits, fire one record at the {@code order-activity}
 * topic (acks=0, no retries, no outbox). A full buffer or a broker outage drops records and counts them.
 */
@ApplicationScoped
public class OrderActivityPublisher {

    public static final String CHANNEL = "order-activity";

    private final Emitter<String> emitter;
    private final EventJson json;
    private final Counter sent;
    private final Counter dropped;

    OrderActivityPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.DROP) Emitter<String> emitter,
            EventJson json, MeterRegistry registry) {
        this.emitter = emitter;
        this.json = json;
        this.sent = registry.counter("order_activity_messages", "outcome", "sent");
        this.dropped = registry.counter("order_activity_messages", "outcome", "dropped");
    }

    void onStatusChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) OrderActivity activity) {
        try {
            emitter.send(Message.of(json.write(activity))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(activity.orderId().toString()).build())
                    .withNack(failure -> {
                        dropped.increment();
                        return CompletableFuture.completedFuture(null);
                    }));
            sent.increment();
        } catch (RuntimeException e) {
            dropped.increment();
        }
    }
}
