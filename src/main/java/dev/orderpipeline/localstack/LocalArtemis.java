package dev.orderpipeline.localstack;

import java.nio.file.Path;
import java.util.Map;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * ActiveMQ Artemis with an AMQP 1.0 acceptor and a persistent journal.
 *
 * <p>The email command queue is declared here the way a production broker should declare it: durable anycast
 * queue, redelivery delay with backoff, a bounded number of deliveries, then a dead-letter address. As a
 * {@linkplain #stock stock} broker it has only what {@code artemis create} writes into {@code broker.xml}: one
 * catch-all address setting (dead letters to {@code DLQ}, expired messages to {@code ExpiryQueue}, no redelivery
 * delay, ten deliveries) and those two queues; everything else is created on demand.
 */
final class LocalArtemis implements LocalServer {

    static final String EMAIL_COMMANDS = "email-commands";
    static final String EMAIL_COMMANDS_DLQ = "email-commands.dlq";

    private final Path dataDirectory;
    private final int port;
    static final String STOCK_DLQ = "DLQ";
    static final String STOCK_EXPIRY_QUEUE = "ExpiryQueue";

    private final LocalStackSettings settings;
    private final boolean stock;
    private EmbeddedActiveMQ broker;

    LocalArtemis(LocalStackSettings settings) {
        this(settings, false);
    }

    LocalArtemis(LocalStackSettings settings, boolean stock) {
        this.settings = settings;
        this.stock = stock;
        this.dataDirectory = settings.dataDirectory().resolve("artemis");
        this.port = settings.port(LocalStackSettings.DEV_AMQP_PORT);
    }

    @Override
    public String name() {
        return "artemis";
    }

    @Override
    public synchronized void start() throws Exception {
        if (broker != null) {
            return;
        }
        EmbeddedActiveMQ embedded = new EmbeddedActiveMQ();
        embedded.setConfiguration(configuration());
        embedded.start();
        broker = embedded;
    }

    @Override
    public synchronized void stop() throws Exception {
        if (broker == null) {
            return;
        }
        broker.stop();
        broker = null;
    }

    /** Messages on a queue of the running broker (0 if it has no such queue). */
    synchronized long messageCount(String queue) {
        var found = broker == null ? null : broker.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return found == null ? 0 : found.getMessageCount();
    }

    int port() {
        return port;
    }

    @Override
    public Map<String, String> config() {
        return Map.of("amqp-host", "127.0.0.1", "amqp-port", String.valueOf(port));
    }

    @Override
    public String describe() {
        return "Artemis (AMQP 1.0) at amqp://127.0.0.1:" + port + ", journal in " + dataDirectory;
    }

    private ConfigurationImpl configuration() throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("local-artemis");
        config.setPersistenceEnabled(true);
        config.setJournalType(JournalType.NIO);
        config.setJournalDirectory(dataDirectory.resolve("journal").toString());
        config.setBindingsDirectory(dataDirectory.resolve("bindings").toString());
        config.setPagingDirectory(dataDirectory.resolve("paging").toString());
        config.setLargeMessagesDirectory(dataDirectory.resolve("large-messages").toString());
        config.setJournalDatasync(settings.durable());
        config.setSecurityEnabled(false);
        config.setCriticalAnalyzer(false);
        config.setMaxDiskUsage(100);
        config.addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + port + "?protocols=AMQP");
        if (stock) {
            config.addAddressSetting("#", new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of(STOCK_DLQ))
                    .setExpiryAddress(SimpleString.of(STOCK_EXPIRY_QUEUE))
                    .setRedeliveryDelay(0)
                    .setMaxSizeBytes(-1L));
            config.addAddressConfiguration(anycastQueue(STOCK_DLQ));
            config.addAddressConfiguration(anycastQueue(STOCK_EXPIRY_QUEUE));
            return config;
        }
        config.addAddressSetting(EMAIL_COMMANDS, new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(EMAIL_COMMANDS_DLQ))
                .setMaxDeliveryAttempts(settings.emailMaxDeliveries())
                .setRedeliveryDelay(settings.emailRedeliveryDelayMs())
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(settings.emailRedeliveryDelayMs() * 10));
        config.addAddressConfiguration(anycastQueue(EMAIL_COMMANDS));
        config.addAddressConfiguration(anycastQueue(EMAIL_COMMANDS_DLQ));
        return config;
    }

    private static CoreAddressConfiguration anycastQueue(String name) {
        return new CoreAddressConfiguration()
                .setName(name)
                .addRoutingType(RoutingType.ANYCAST)
                .addQueueConfiguration(QueueConfiguration.of(name).setRoutingType(RoutingType.ANYCAST).setDurable(true));
    }
}
