package dev.orderpipeline.ops.service;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderpipeline.checkout.Order;
import dev.orderpipeline.checkout.service.CheckoutService;
import dev.orderpipeline.checkout.service.OrderQueries;
import dev.orderpipeline.messaging.deadletter.DeadLetter;
import io.agroal.api.AgroalDataSource;

/**
 * One order's way through the pipeline: its status changes, the messages it produced (the outbox rows keyed by its
 * id that are still kept), its emails, its dead letters, and its trace id once the outbox records one.
 */
@ApplicationScoped
public class OrderTimeline {

    /** A message the order produced: an outbox row keyed by the order id, and when the broker took it. */
    public record Event(UUID id, String type, String transport, String destination, Instant createdAt,
            Instant publishedAt, int attempts, String lastError, String traceParent) {
    }

    /** A dead letter keyed by the order id: who gave up on which message, when, and whether it was replayed. */
    public record DeadLetterEntry(UUID id, String consumer, String destination, String reason, String status,
            int attempts, Instant firstFailureAt, Instant lastFailureAt, int replayCount, Instant lastReplayedAt) {
    }

    /** The whole timeline; {@code traceId} is null when none of its outbox rows recorded a trace. */
    public record Timeline(UUID id, String status, String customerEmail, BigDecimal total, Instant createdAt,
            Instant updatedAt, String traceId, List<OrderQueries.HistoryEntry> history, List<Event> events,
            List<OrderQueries.SentEmail> emails, List<DeadLetterEntry> deadLetters) {
    }

    // Published rows are found through the published_at index (none of the order's rows was published before the
    // order was placed; CLOCK_MARGIN allows for the application's clock running ahead of the database's), unpublished
    // ones through the relay's partial index.
    private static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);
    private static final String EVENTS = """
            select id, type, transport, destination, created_at, published_at, attempts, last_error, traceparent
            from outbox_message where message_key = ? and (published_at >= ? or published_at is null)
            order by seq""";

    private final AgroalDataSource dataSource;
    private final CheckoutService checkout;
    private final OrderQueries queries;

    OrderTimeline(AgroalDataSource dataSource, CheckoutService checkout, OrderQueries queries) {
        this.dataSource = dataSource;
        this.checkout = checkout;
        this.queries = queries;
    }

    /** The order's timeline; empty if there is no such order. */
    public Optional<Timeline> of(UUID orderId) {
        Optional<Order> found = checkout.find(orderId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Order order = found.get();
        List<Event> events = events(order);
        String traceId = events.stream().map(Event::traceParent).filter(Objects::nonNull).map(OrderTimeline::traceId)
                .findFirst().orElse(null);
        List<DeadLetterEntry> deadLetters = DeadLetter.<DeadLetter>list("messageKey = ?1 order by firstFailureAt",
                orderId.toString()).stream().map(letter -> new DeadLetterEntry(letter.id, letter.consumer, letter.destination,
                        letter.reason, letter.status.name(), letter.attempts, letter.firstFailureAt, letter.lastFailureAt,
                        letter.replayCount, letter.lastReplayedAt)).toList();
        return Optional.of(new Timeline(order.id, order.status.name(), order.customerEmail, order.total, order.createdAt,
                order.updatedAt, traceId, queries.history(orderId), events, queries.emails(orderId), deadLetters));
    }

    /** The trace id of a W3C traceparent ({@code version-traceid-parentid-flags}); anything else as it is. */
    static String traceId(String traceParent) {
        String[] parts = traceParent.split("-");
        return parts.length == 4 && parts[1].length() == 32 ? parts[1] : traceParent;
    }

    private List<Event> events(Order order) {
        try (Connection connection = dataSource.getConnection()) {
            List<Event> events = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(EVENTS)) {
                statement.setString(1, order.id.toString());
                statement.setTimestamp(2, Timestamp.from(order.createdAt.minus(CLOCK_MARGIN)));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        Timestamp published = rows.getTimestamp(6);
                        events.add(new Event(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getTimestamp(5).toInstant(), published == null ? null : published.toInstant(),
                                rows.getInt(7), rows.getString(8), rows.getString(9)));
                    }
                }
            }
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException("The events of order " + order.id + " could not be read: " + e.getMessage(), e);
        }
    }
}
