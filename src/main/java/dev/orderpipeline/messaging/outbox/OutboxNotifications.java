package dev.orderpipeline.messaging.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;

/**
 * PostgreSQL's {@code outbox} channel, over dedicated connections outside the pool, each reconnecting when the
 * database goes away: relays LISTEN on it; an instance that writes outbox rows but relays none (the api role)
 * announces its commits on it ({@link #announce}).
 *
 * <p>The announcement is sent after the commit, on its own connection, and coalesced: at most one NOTIFY per
 * {@value #COALESCE_MILLIS} ms, whatever the commit rate. A NOTIFY inside the writing transaction (a trigger) would
 * make PostgreSQL serialise every such commit, WAL flush included, behind one database-wide lock: the benchmark
 * measured writers at less than half their speed.
 */
@ApplicationScoped
public class OutboxNotifications {

    static final String CHANNEL = "outbox";
    static final long COALESCE_MILLIS = 5;

    private final String url;
    private final String username;
    private final Optional<String> password;
    private final Semaphore announcements = new Semaphore(0);
    private volatile boolean running = true;
    private Thread listener;
    private Thread announcer;

    OutboxNotifications(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /** Calls {@code onNotification} for each announcement (and once per (re)connection, for what it missed). */
    void listen(Runnable onNotification) {
        listener = daemon("outbox-listen", () -> listenLoop(onNotification));
    }

    /** Tells every relay listening that outbox rows were committed; returns at once. */
    public void announce() {
        if (announcements.availablePermits() == 0) {
            announcements.release();
        }
        synchronized (this) {
            if (announcer == null && running) {
                announcer = daemon("outbox-announce", this::announceLoop);
            }
        }
    }

    void close(@Observes ShutdownEvent event) {
        close();
    }

    synchronized void close() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
        if (announcer != null) {
            announcer.interrupt();
        }
    }

    private void listenLoop(Runnable onNotification) {
        while (running) {
            try (Connection connection = connect()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen " + CHANNEL);
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
                    pause(2000);
                }
            }
        }
    }

    private void announceLoop() {
        while (running) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                // Nothing to make durable: a lost announcement only delays a relay until its next poll.
                statement.execute("set synchronous_commit = off");
                while (running) {
                    announcements.acquire();
                    announcements.drainPermits();
                    statement.execute("select pg_notify('" + CHANNEL + "', '')");
                    Thread.sleep(COALESCE_MILLIS);
                }
            } catch (SQLException e) {
                if (running) {
                    Log.debugf("Outbox NOTIFY connection lost (%s); relays poll meanwhile, reconnecting", e.getMessage());
                    pause(2000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, username, password.orElse(null));
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
