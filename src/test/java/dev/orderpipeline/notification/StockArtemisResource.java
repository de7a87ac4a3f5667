package dev.orderpipeline.notification;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.orderpipeline.localstack.StockArtemis;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the application's AMQP side at an Artemis with {@code artemis create}'s settings, started for one test class. */
public class StockArtemisResource implements QuarkusTestResourceLifecycleManager {

    private static volatile StockArtemis broker;

    /** The running broker, for assertions on its queues. */
    static StockArtemis broker() {
        return broker;
    }

    @Override
    public Map<String, String> start() {
        try {
            Path directory = Files.createTempDirectory(Path.of("target"), "stock-artemis-");
            broker = StockArtemis.start(directory.toAbsolutePath());
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the stock Artemis", e);
        }
        return Map.of("amqp-host", "127.0.0.1", "amqp-port", String.valueOf(broker.port()));
    }

    @Override
    public void stop() {
        try {
            if (broker != null) {
                broker.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop the stock Artemis", e);
        }
    }
}
