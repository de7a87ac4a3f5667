package dev.orderpipeline.ops.service;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderpipeline.config.AppConfig;
import dev.orderpipeline.messaging.ConsumerGroupLag;
import dev.orderpipeline.checkout.service.StuckOrders;
import dev.orderpipeline.messaging.deadletter.DeadLetterService;
import dev.orderpipeline.messaging.outbox.OutboxBacklog;
import dev.orderpipeline.platform.Jdbc;
import io.agroal.api.AgroalDataSource;

/**
 * The pipeline at a glance, read from what the metrics and health checks read: the outbox backlog, each consumer
 * group's lag, orders in flight and stuck, emails sent and failed, and dead letters by status.
 */
@ApplicationScoped
public class PipelineOverview {

    /** The outbox: rows not yet published, the age of the oldest not failing on its own, failing and parked rows. */
    public record Outbox(long unpublished, long oldestAgeSeconds, long failing, long parked) {
    }

    /** Orders not final yet, and those of them not final {@code maxInFlightSeconds} after they were placed. */
    public record Orders(long inFlight, long stuck, long maxInFlightSeconds) {
    }

    /** Emails sent in the last hour and day, and email commands dead-lettered and not yet handled (NEW). */
    public record Emails(long sentLastHour, long sentLastDay, long failed) {
    }

    /** One reading of everything. */
    public record Overview(Instant at, Outbox outbox, ConsumerGroupLag.Reading consumers, Orders orders, Emails emails,
            Map<String, Long> deadLetters) {
    }

    /** What one connection reads: orders in flight and emails. */
    private record Counts(long inFlight, Emails emails) {
    }

    private final AgroalDataSource dataSource;
    private final OutboxBacklog backlog;
    private final ConsumerGroupLag consumerLag;
    private final StuckOrders stuckOrders;
    private final DeadLetterService deadLetters;
    private final String emailAddress;
    private final Duration maxInFlight;

    PipelineOverview(AgroalDataSource dataSource, OutboxBacklog backlog, ConsumerGroupLag consumerLag, StuckOrders stuckOrders,
            DeadLetterService deadLetters, AppConfig config) {
        this.dataSource = dataSource;
        this.backlog = backlog;
        this.consumerLag = consumerLag;
        this.stuckOrders = stuckOrders;
        this.deadLetters = deadLetters;
        this.emailAddress = config.amqp().emailCommandsAddress();
        this.maxInFlight = config.orders().maxInFlight();
    }

    public Overview read() {
        try {
            OutboxBacklog.Reading outbox = backlog.read();
            Counts counts = Jdbc.withConnection(dataSource, connection -> new Counts(Jdbc.count(connection, OpsSql.ORDERS_IN_FLIGHT),
                    Jdbc.first(connection, OpsSql.EMAILS, row -> new Emails(row.getLong(1), row.getLong(2), row.getLong(3)),
                            emailAddress)));
            Orders orders = new Orders(counts.inFlight(), stuckOrders.count(), maxInFlight.toSeconds());
            Emails emails = counts.emails();
            return new Overview(Instant.now(), new Outbox(outbox.messages(), outbox.oldestAge().toSeconds(), outbox.failing(),
                    outbox.parked()), consumerLag.read(), orders, emails, deadLetters.countByStatus());
        } catch (SQLException e) {
            throw new IllegalStateException("The pipeline overview could not be read: " + e.getMessage(), e);
        }
    }
}
