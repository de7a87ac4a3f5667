package dev.orderpipeline.support;

import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import io.vertx.amqp.AmqpClientOptions;
import io.vertx.mutiny.amqp.AmqpClient;
import io.vertx.mutiny.amqp.AmqpMessage;
import io.vertx.mutiny.amqp.AmqpSender;
import io.vertx.mutiny.core.Vertx;

/** Plain broker clients, outside the application, pointed at the brokers the application is configured with. */
public final class PlainClients {

    private PlainClients() {
    }

    public static KafkaProducer<String, byte[]> kafkaProducer() {
        String bootstrapServers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends the messages to an AMQP address and waits for the broker to accept each. */
    public static void sendAmqp(Vertx vertx, String address, AmqpMessage... messages) {
        var config = ConfigProvider.getConfig();
        AmqpClient client = AmqpClient.create(vertx, new AmqpClientOptions()
                .setHost(config.getValue("amqp-host", String.class)).setPort(config.getValue("amqp-port", Integer.class)));
        try {
            AmqpSender sender = client.connectAndAwait().createSenderAndAwait(address);
            for (AmqpMessage message : messages) {
                sender.sendWithAckAndAwait(message);
            }
        } finally {
            client.closeAndAwait();
        }
    }
}
