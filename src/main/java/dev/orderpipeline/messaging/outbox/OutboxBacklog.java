package dev.orderpipeline.messaging.outbox;

import java.sql.SQLException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.orderpipeline.messaging.deadletter.DeadLetterService;
import dev.orderpipeline.platform.Jdbc;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * How far behind the relay is, read at most once a second: unpublished rows, the age of the oldest that is not
 * failing on its own, rows the broker refused that wait for their next attempt, and rows parked in the dead-letter
 * store. Gauges {@code outbox_backlog_messages}, {@code outbox_oldest_unpublished_seconds},
 * {@code outbox_failing_messages}, {@code outbox_parked} and {@code dead_letters{status}}.
 */
@ApplicationScoped
public class OutboxBacklog {

    /** A reading of the backlog. */
    public record Reading(long messages, Duration oldestAge, long failing, long parked) {
    }

    private final AgroalDataSource dataSource;
    private volatile Reading last = new Reading(0, Duration.ZERO, 0, 0);
    private volatile long readAt;

    OutboxBacklog(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void registerGauges(@Observes StartupEvent event, MeterRegistry registry, DeadLetterService deadLetters) {
        Gauge.builder("outbox_backlog_messages", this, backlog -> backlog.readQuietly().messages()).register(registry);
        Gauge.builder("outbox_oldest_unpublished_seconds", this, backlog -> backlog.readQuietly().oldestAge().toMillis() / 1000.0)
                .register(registry);
        Gauge.builder("outbox_failing_messages", this, backlog -> backlog.readQuietly().failing()).register(registry);
        Gauge.builder("outbox_parked", this, backlog -> backlog.readQuietly().parked()).register(registry);
        for (String status : new String[] { "NEW", "REPLAYED", "DISCARDED" }) {
            Gauge.builder("dead_letters", deadLetters, service -> service.countByStatus().getOrDefault(status, 0L))
                    .tag("status", status).register(registry);
        }
    }

    /** The current backlog; throws when the database cannot be read. */
    public Reading read() throws SQLException {
        long now = System.currentTimeMillis();
        if (now - readAt < 1000) {
            return last;
        }
        last = Jdbc.withConnection(dataSource, connection -> Jdbc.first(connection, OutboxSql.BACKLOG, row -> new Reading(
                row.getLong(1), Duration.ofMillis((long) (row.getDouble(2) * 1000)), row.getLong(3), row.getLong(4))));
        readAt = now;
        return last;
    }

    private Reading readQuietly() {
        try {
            return read();
        } catch (SQLException e) {
            return last;
        }
    }
}
