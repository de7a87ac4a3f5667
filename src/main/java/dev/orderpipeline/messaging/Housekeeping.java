package dev.orderpipeline.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.orderpipeline.messaging.inbox.InboxSettings;
import dev.orderpipeline.messaging.outbox.OutboxSettings;
import dev.orderpipeline.platform.Roles;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Purges, in small batches: published outbox rows, processed-message ids, and replayed or discarded dead letters
 * past their retention. NEW dead letters stay until someone replays or discards them.
 */
@ApplicationScoped
public class Housekeeping {

    private final AgroalDataSource dataSource;
    private final OutboxSettings outbox;
    private final InboxSettings inbox;
    private final Roles roles;
    private final Duration deadLetterRetention;
    private ScheduledExecutorService scheduler;

    Housekeeping(AgroalDataSource dataSource, OutboxSettings outbox, InboxSettings inbox, Roles roles,
            @ConfigProperty(name = "app.dead-letters.retention", defaultValue = "14D") Duration deadLetterRetention) {
        this.dataSource = dataSource;
        this.deadLetterRetention = deadLetterRetention;
        this.outbox = outbox;
        this.inbox = inbox;
        this.roles = roles;
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
        scheduler.scheduleWithFixedDelay(this::purge, 1, 5, TimeUnit.MINUTES);
    }

    void stop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Deletes what is past retention; returns the number of rows deleted. */
    public int purge() {
        try (Connection connection = dataSource.getConnection()) {
            int deleted = delete(connection, """
                    delete from outbox_message where id in (select id from outbox_message
                    where published_at < now() - make_interval(secs => ?) limit 10000)""", outbox.retention().toSeconds());
            deleted += delete(connection, """
                    delete from dead_letter where id in (select id from dead_letter
                    where status <> 'NEW' and last_failure_at < now() - make_interval(secs => ?) limit 10000)""",
                    deadLetterRetention.toSeconds());
            deleted += delete(connection, """
                    delete from processed_message where (consumer, message_id) in (select consumer, message_id
                    from processed_message where processed_at < now() - make_interval(secs => ?) limit 10000)""",
                    inbox.retention().toSeconds());
            return deleted;
        } catch (Exception e) {
            Log.warnf("Messaging housekeeping failed: %s", e.toString());
            return 0;
        }
    }

    private static int delete(Connection connection, String sql, long retentionSeconds) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, retentionSeconds);
            return statement.executeUpdate();
        }
    }
}
