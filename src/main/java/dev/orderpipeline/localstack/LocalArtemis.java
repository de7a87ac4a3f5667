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
 * <p>The email command queue is declared here the way a production broker must declare it: durable anycast queue,
 * redelivery delay with backoff, a bounded number of deliveries, then a dead-letter address.
 */
final class LocalArtemis implements LocalServer {

    static final String EMAIL_COMMANDS = "email-commands";
    static final String EMAIL_COMMANDS_DLQ = "email-commands.dlq";

    private final Path dataDirectory;
    private final int port;
    private final LocalStackSettings settings;
    private EmbeddedActiveMQ broker;

    LocalArtemis(LocalStackSettings settings) {
        this.settings = settings;
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
