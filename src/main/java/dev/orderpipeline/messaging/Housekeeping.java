package dev.orderpipeline.messaging;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.orderpipeline.messaging.deadletter.DeadLetterSql;
import dev.orderpipeline.messaging.inbox.InboxSettings;
import dev.orderpipeline.messaging.inbox.InboxSql;
import dev.orderpipeline.messaging.outbox.OutboxSettings;
import dev.orderpipeline.messaging.outbox.OutboxSql;
import dev.orderpipeline.platform.Jdbc;
import dev.orderpipeline.platform.Roles;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Purges what is past retention: published outbox rows kept as a trail, processed-message ids, and replayed or
 * discarded dead letters (NEW ones stay until someone replays or discards them). Each pass deletes everything due,
 * in chunks of {@code app.housekeeping.chunk} rows, each chunk its own short transaction, so it keeps up with any
 * rate without holding locks for long.
 */
@ApplicationScoped
public class Housekeeping {

    private final AgroalDataSource dataSource;
    private final OutboxSettings outbox;
    private final InboxSettings inbox;
    private final Roles roles;
    private final Duration deadLetterRetention;
    private final Duration interval;
    private final int chunk;
    private volatile boolean stopping;
    private ScheduledExecutorService scheduler;

    Housekeeping(AgroalDataSource dataSource, OutboxSettings outbox, InboxSettings inbox, Roles roles,
            @ConfigProperty(name = "app.dead-letters.retention", defaultValue = "14D") Duration deadLetterRetention,
            @ConfigProperty(name = "app.housekeeping.interval", defaultValue = "1M") Duration interval,
            @ConfigProperty(name = "app.housekeeping.chunk", defaultValue = "5000") int chunk) {
        this.dataSource = dataSource;
        this.deadLetterRetention = deadLetterRetention;
        this.outbox = outbox;
        this.inbox = inbox;
        this.roles = roles;
        this.interval = interval;
        this.chunk = Math.max(1, chunk);
    }

    void start(@Observes StartupEvent event) {
        if (!roles.workers()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "messaging-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::purge, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Deletes everything past retention; returns the number of rows deleted. */
    public long purge() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return deleteAll(connection, OutboxSql.PURGE_PUBLISHED, outbox.retention())
                    + deleteAll(connection, DeadLetterSql.PURGE, deadLetterRetention)
                    + deleteAll(connection, InboxSql.PURGE, inbox.retention());
        } catch (Exception e) {
            Log.warnf("Messaging housekeeping failed: %s", e.toString());
            return 0;
        }
    }

    private long deleteAll(Connection connection, String sql, Duration retention) throws SQLException {
        long deleted = 0;
        int last;
        do {
            last = Jdbc.update(connection, sql, retention.toSeconds(), chunk);
            deleted += last;
        } while (last == chunk && !stopping);
        return deleted;
    }
}
