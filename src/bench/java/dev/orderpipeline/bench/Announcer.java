package dev.orderpipeline.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Semaphore;

/**
 * Announces outbox commits the way an application instance does ({@code OutboxNotifications}): after the commit, on a
 * connection of its own, at most one {@code NOTIFY outbox} per 5 ms whatever the commit rate.
 */
final class Announcer implements AutoCloseable {

    private static final long COALESCE_MILLIS = 5;

    private final Connection connection;
    private final Semaphore pending = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;

    Announcer(Database database) throws SQLException {
        connection = database.connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("set synchronous_commit = off");
        }
        thread = new Thread(this::loop, "bench-announcer");
        thread.setDaemon(true);
        thread.start();
    }

    /** A commit happened: announce it soon; returns at once. */
    void committed() {
        if (pending.availablePermits() == 0) {
            pending.release();
        }
    }

    private void loop() {
        try (Statement statement = connection.createStatement()) {
            while (running) {
                pending.acquire();
                pending.drainPermits();
                statement.execute("select pg_notify('outbox', '')");
                Thread.sleep(COALESCE_MILLIS);
            }
        } catch (SQLException | InterruptedException e) {
            // closed
        }
    }

    @Override
    public void close() throws SQLException {
        running = false;
        thread.interrupt();
        connection.close();
    }
}
