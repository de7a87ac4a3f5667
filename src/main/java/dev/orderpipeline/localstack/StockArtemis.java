package dev.orderpipeline.localstack;

import java.nio.file.Path;

/**
 * An Artemis with the address settings of a fresh {@code artemis create} and nothing declared for this
 * application, on a free port: for tests of what the service does on a broker that was not configured for it.
 */
public final class StockArtemis implements AutoCloseable {

    private final LocalArtemis broker;

    private StockArtemis(LocalArtemis broker) {
        this.broker = broker;
    }

    /** Starts one with its journal in {@code dataDirectory} (deleted by nobody: give it a scratch directory). */
    public static StockArtemis start(Path dataDirectory) throws Exception {
        LocalArtemis broker = new LocalArtemis(new LocalStackSettings(dataDirectory, false, false, true, 0, 0), true);
        broker.start();
        return new StockArtemis(broker);
    }

    public int port() {
        return broker.port();
    }

    /** Messages on one of its queues, for example {@code DLQ} (0 if the queue does not exist). */
    public long messageCount(String queue) {
        return broker.messageCount(queue);
    }

    /** The broker's own dead-letter queue, where {@code artemis create} sends rejected and exhausted messages. */
    public static String brokerDeadLetterQueue() {
        return LocalArtemis.STOCK_DLQ;
    }

    @Override
    public void close() throws Exception {
        broker.stop();
    }
}
