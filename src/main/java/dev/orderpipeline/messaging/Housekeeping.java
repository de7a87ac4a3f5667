package dev.orderpipeline.messaging;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.orderpipeline.config.AppConfig;
import dev.orderpipeline.messaging.deadletter.DeadLetterSql;
import dev.orderpipeline.messaging.inbox.InboxSql;
import dev.orderpipeline.messaging.outbox.OutboxSql;
import dev.orderpipeline.platform.Jdbc;
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
    private final Duration outboxRetention;
    private final Duration inboxRetention;
    private final Duration deadLetterRetention;
    private final boolean workers;
    private final Duration interval;
    private final int chunk;
    private volatile boolean stopping;
    private ScheduledExecutorService scheduler;

    Housekeeping(AgroalDataSource dataSource, AppConfig config) {
        this.dataSource = dataSource;
        this.outboxRetention = config.outbox().retention();
        this.inboxRetention = config.inbox().retention();
        this.deadLetterRetention = config.deadLetters().retention();
        this.workers = config.role().workers();
        this.interval = config.housekeeping().interval();
        this.chunk = Math.max(1, config.housekeeping().chunk());
    }

    void start(@Observes StartupEvent event) {
        if (!workers) {
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
            return deleteAll(connection, OutboxSql.PURGE_PUBLISHED, outboxRetention)
                    + deleteAll(connection, DeadLetterSql.PURGE, deadLetterRetention)
                    + deleteAll(connection, InboxSql.PURGE, inboxRetention);
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
