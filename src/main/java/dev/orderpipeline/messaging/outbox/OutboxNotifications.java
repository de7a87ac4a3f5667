package dev.orderpipeline.messaging.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.quarkus.logging.Log;

/**
 * Listens on PostgreSQL's {@code outbox} channel (NOTIFY fires on commit of an outbox insert) over a dedicated
 * connection outside the pool, and reconnects when the database goes away.
 */
@ApplicationScoped
public class OutboxNotifications {

    private final String url;
    private final String username;
    private final Optional<String> password;
    private volatile boolean running;
    private Thread listener;

    OutboxNotifications(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    void listen(Runnable onNotification) {
        running = true;
        listener = new Thread(() -> loop(onNotification), "outbox-listen");
        listener.setDaemon(true);
        listener.start();
    }

    void close() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    private void loop(Runnable onNotification) {
        while (running) {
            try (Connection connection = DriverManager.getConnection(url, username, password.orElse(null))) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen outbox");
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                onNotification.run();
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        onNotification.run();
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    Log.debugf("Outbox LISTEN connection lost (%s); polling continues, reconnecting", e.getMessage());
                    pause();
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
