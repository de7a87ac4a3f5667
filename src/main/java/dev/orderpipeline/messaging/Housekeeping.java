package dev.orderpipeline.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.orderpipeline.config.AppConfig;
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

    private static final String OUTBOX = """
            delete from outbox_message where id in (select id from outbox_message
            where published_at < now() - make_interval(secs => ?) limit ?)""";
    private static final String DEAD_LETTERS = """
            delete from dead_letter where id in (select id from dead_letter
            where status <> 'NEW' and last_failure_at < now() - make_interval(secs => ?) limit ?)""";
    private static final String INBOX = """
            delete from processed_message where (consumer, message_id) in (select consumer, message_id
            from processed_message where processed_at < now() - make_interval(secs => ?) limit ?)""";

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
            return deleteAll(connection, OUTBOX, outboxRetention)
                    + deleteAll(connection, DEAD_LETTERS, deadLetterRetention)
                    + deleteAll(connection, INBOX, inboxRetention);
        } catch (Exception e) {
            Log.warnf("Messaging housekeeping failed: %s", e.toString());
            return 0;
        }
    }

    private long deleteAll(Connection connection, String sql, Duration retention) throws SQLException {
        long deleted = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, retention.toSeconds());
            statement.setInt(2, chunk);
            int last;
            do {
                last = statement.executeUpdate();
                deleted += last;
            } while (last == chunk && !stopping);
        }
        return deleted;
    }
}
