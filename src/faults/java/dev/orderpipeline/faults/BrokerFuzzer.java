package dev.orderpipeline.faults;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import dev.orderpipeline.catalog.events.ProductUpdated;
import dev.orderpipeline.checkout.events.OrderPlaced;
import dev.orderpipeline.inventory.events.StockRejected;
import dev.orderpipeline.inventory.events.StockReserved;
import dev.orderpipeline.notification.events.SendOrderEmail;
import dev.orderpipeline.payment.events.PaymentCaptured;
import dev.orderpipeline.payment.events.PaymentDeclined;
import io.vertx.amqp.AmqpClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.amqp.AmqpClient;
import io.vertx.mutiny.amqp.AmqpConnection;
import io.vertx.mutiny.amqp.AmqpMessage;
import io.vertx.mutiny.amqp.AmqpMessageBuilder;
import io.vertx.mutiny.amqp.AmqpSender;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * Poison for the consumers: random payloads with plain Kafka and AMQP clients. Most carry no CloudEvents attributes
 * (they must dead-letter as "missing CloudEvents id"); the rest carry valid attributes of a type the topic's
 * consumers handle, and a body that is not the JSON object that type needs. Every payload is unique, so that each
 * one is a dead letter of its own.
 */
final class BrokerFuzzer {

    /** The consumer groups that read each topic, so each poison record becomes one dead letter per group. */
    static final Map<String, List<String>> CONSUMERS = Map.of(
            "orders", List.of("inventory-orders"),
            "inventory", List.of("payment-inventory", "checkout-inventory"),
            "payments", List.of("inventory-payments", "checkout-payments"),
            "catalog", List.of("inventory-catalog", "checkout-catalog"));

    private static final Map<String, List<String>> TYPES = Map.of(
            "orders", List.of(OrderPlaced.TYPE),
            "inventory", List.of(StockReserved.TYPE, StockRejected.TYPE),
            "payments", List.of(PaymentCaptured.TYPE, PaymentDeclined.TYPE),
            "catalog", List.of(ProductUpdated.TYPE));

    private final Random random;
    private final String run;

    BrokerFuzzer(long seed, String run) {
        this.random = new Random(seed);
        this.run = run;
    }

    /** Sends {@code count} poison records to {@code topic}; returns how many carried CloudEvents attributes. */
    int kafka(KafkaProducer<String, byte[]> producer, String topic, int count) throws Exception {
        int withHeaders = 0;
        List<Future<RecordMetadata>> sent = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            String nonce = run + "-" + topic + "-" + i;
            boolean headers = random.nextInt(10) < 3;
            byte[] value = headers ? garbageBody(nonce) : randomPayload(nonce);
            String key = random.nextInt(5) == 0 ? null : "fuzz-" + nonce;
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
            if (headers) {
                withHeaders++;
                List<String> types = TYPES.get(topic);
                record.headers().add("ce_specversion", bytes("1.0"));
                record.headers().add("ce_id", bytes("fuzz-" + UUID.randomUUID()));
                record.headers().add("ce_type", bytes(types.get(random.nextInt(types.size()))));
                record.headers().add("ce_source", bytes("/faults/fuzz"));
                record.headers().add("content-type", bytes("application/json"));
            } else if (random.nextBoolean()) {
                record.headers().add(random.nextBoolean() ? "ce_type" : "x-" + random.nextInt(100), randomBytes(random.nextInt(20)));
            }
            sent.add(producer.send(record));
        }
        producer.flush();
        for (Future<RecordMetadata> future : sent) {
            future.get(60, TimeUnit.SECONDS);
        }
        return withHeaders;
    }

    /** Sends {@code count} poison messages to the email command queue; returns how many carried CloudEvents attributes. */
    int amqp(Vertx vertx, String host, int port, String address, int count) {
        AmqpClient client = AmqpClient.create(vertx, new AmqpClientOptions().setHost(host).setPort(port));
        int withHeaders = 0;
        try {
            AmqpConnection connection = client.connectAndAwait();
            AmqpSender sender = connection.createSenderAndAwait(address);
            for (int i = 0; i < count; i++) {
                String nonce = run + "-amqp-" + i;
                boolean headers = random.nextInt(10) < 3;
                AmqpMessageBuilder message = AmqpMessage.create().durable(true);
                if (headers) {
                    withHeaders++;
                    String id = "fuzz-" + UUID.randomUUID();
                    message.id(id).contentType("application/json").applicationProperties(new JsonObject()
                            .put("cloudEvents:specversion", "1.0")
                            .put("cloudEvents:id", id)
                            .put("cloudEvents:type", SendOrderEmail.TYPE)
                            .put("cloudEvents:source", "/faults/fuzz"))
                            .withBufferAsBody(Buffer.buffer(garbageBody(nonce)));
                } else {
                    // No message-id and no CloudEvents id: the worker rejects it at once as "missing CloudEvents id".
                    if (random.nextBoolean()) {
                        message.applicationProperties(new JsonObject().put("x-" + random.nextInt(100), nonce));
                    }
                    switch (random.nextInt(4)) {
                        case 0 -> message.withBody(new String(randomPayload(nonce), StandardCharsets.UTF_8));
                        case 1 -> message.withJsonObjectAsBody(new JsonObject().put("nonce", nonce).put("orderId", random.nextInt()));
                        default -> message.withBufferAsBody(Buffer.buffer(randomPayload(nonce)));
                    }
                }
                sender.sendWithAckAndAwait(message.build());
            }
        } finally {
            client.closeAndAwait();
        }
        return withHeaders;
    }

    /** Anything at all: bytes, text, JSON of any shape; always containing the nonce so it is unique. */
    byte[] randomPayload(String nonce) {
        return switch (random.nextInt(6)) {
            case 0 -> concat(randomBytes(random.nextInt(200)), bytes(nonce));
            case 1 -> bytes("{\"orderId\":\"" + UUID.randomUUID() + "\",\"nonce\":\"" + nonce + "\",\"lines\":" + random.nextInt() + "}");
            case 2 -> bytes("[" + random.nextInt() + ",\"" + nonce + "\",null,{}]");
            case 3 -> bytes("\u00ff\u0000\ud83d\ude00 " + nonce);
            case 4 -> bytes("{\"type\":\"" + nonce + "\",\"data\":" + "[".repeat(random.nextInt(50)) + "}");
            default -> bytes(nonce + " " + "z".repeat(random.nextInt(5000)));
        };
    }

    /** A body that can never be the JSON object an event type needs. */
    byte[] garbageBody(String nonce) {
        return switch (random.nextInt(7)) {
            case 0 -> concat(new byte[] { (byte) 0xC3, (byte) 0x28, (byte) 0xFF }, bytes(nonce));
            case 1 -> bytes("[\"" + nonce + "\"]");
            case 2 -> bytes("\"" + nonce + "\"");
            case 3 -> bytes("{\"orderId\": \"" + nonce);
            case 4 -> bytes(String.valueOf(random.nextLong()) + " " + nonce);
            case 5 -> bytes("<xml>" + nonce + "</xml>");
            default -> bytes("{\"orderId\":[\"" + nonce + "\"],\"sku\":{\"a\":1},\"version\":\"x\",\"amount\":{},\"kind\":7}");
        };
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
