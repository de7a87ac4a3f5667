package dev.orderpipeline.messaging.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.orderpipeline.messaging.deadletter.DeadLetterService;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * How far behind the relay is (unpublished rows and the age of the oldest), read at most once a second, and the
 * gauges {@code outbox_backlog_messages}, {@code outbox_oldest_unpublished_seconds} and {@code dead_letters{status}}.
 */
@ApplicationScoped
public class OutboxBacklog {

    /** A reading of the backlog. */
    public record Reading(long messages, Duration oldestAge) {
    }

    private final AgroalDataSource dataSource;
    private volatile Reading last = new Reading(0, Duration.ZERO);
    private volatile long readAt;

    OutboxBacklog(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void registerGauges(@Observes StartupEvent event, MeterRegistry registry, DeadLetterService deadLetters) {
        Gauge.builder("outbox_backlog_messages", this, backlog -> backlog.readQuietly().messages()).register(registry);
        Gauge.builder("outbox_oldest_unpublished_seconds", this, backlog -> backlog.readQuietly().oldestAge().toMillis() / 1000.0)
                .register(registry);
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
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "select count(*), coalesce(extract(epoch from now() - min(created_at)), 0) from outbox_message where published_at is null");
                ResultSet result = statement.executeQuery()) {
            result.next();
            last = new Reading(result.getLong(1), Duration.ofMillis((long) (result.getDouble(2) * 1000)));
            readAt = now;
            return last;
        }
    }

    private Reading readQuietly() {
        try {
            return read();
        } catch (SQLException e) {
            return last;
        }
    }
}
