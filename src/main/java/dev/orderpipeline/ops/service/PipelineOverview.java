package dev.orderpipeline.ops.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

    private static final String IN_FLIGHT = "select count(*) from customer_order where status in ('PLACED', 'STOCK_RESERVED')";
    private static final String EMAILS = """
            select count(*) filter (where sent_at >= now() - interval '1 hour'), count(*),
                (select count(*) from dead_letter where destination = ? and status = 'NEW')
            from sent_email where sent_at >= now() - interval '1 day'""";

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
            Orders orders;
            Emails emails;
            try (Connection connection = dataSource.getConnection()) {
                orders = new Orders(count(connection, IN_FLIGHT), stuckOrders.count(), maxInFlight.toSeconds());
                try (PreparedStatement statement = connection.prepareStatement(EMAILS)) {
                    statement.setString(1, emailAddress);
                    try (ResultSet result = statement.executeQuery()) {
                        result.next();
                        emails = new Emails(result.getLong(1), result.getLong(2), result.getLong(3));
                    }
                }
            }
            return new Overview(Instant.now(), new Outbox(outbox.messages(), outbox.oldestAge().toSeconds(), outbox.failing(),
                    outbox.parked()), consumerLag.read(), orders, emails, deadLetters.countByStatus());
        } catch (SQLException e) {
            throw new IllegalStateException("The pipeline overview could not be read: " + e.getMessage(), e);
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }
}
