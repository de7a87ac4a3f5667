package dev.orderpipeline.ops.service;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderpipeline.checkout.Order;
import dev.orderpipeline.checkout.service.CheckoutService;
import dev.orderpipeline.checkout.service.OrderQueries;
import dev.orderpipeline.config.AppConfig;
import dev.orderpipeline.messaging.deadletter.DeadLetter;
import dev.orderpipeline.platform.Jdbc;
import io.agroal.api.AgroalDataSource;

/**
 * One order's way through the pipeline: its status changes, the messages it produced that the outbox still holds (all
 * of them while unpublished; published ones only while {@code app.outbox.keep-published} keeps a trail, which
 * {@code publishedEventsKept} says), its emails, its dead letters, and the trace id of its checkout.
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

    /**
     * The whole timeline; {@code traceId} is null when neither the order nor its remaining messages recorded a trace;
     * {@code publishedEventsKept} false: the outbox deletes what the broker acknowledged, so {@code events} holds only
     * the messages not published yet.
     */
    public record Timeline(UUID id, String status, String customerEmail, BigDecimal total, Instant createdAt,
            Instant updatedAt, String traceId, List<OrderQueries.HistoryEntry> history, List<Event> events,
            boolean publishedEventsKept, List<OrderQueries.SentEmail> emails, List<DeadLetterEntry> deadLetters) {
    }

    // The earliest publication looked for is the order's creation less this margin, for the application's clock
    // running ahead of the database's ({@link OpsSql#ORDER_EVENTS}).
    private static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);

    private final AgroalDataSource dataSource;
    private final CheckoutService checkout;
    private final OrderQueries queries;
    private final boolean publishedEventsKept;

    OrderTimeline(AgroalDataSource dataSource, CheckoutService checkout, OrderQueries queries, AppConfig config) {
        this.dataSource = dataSource;
        this.checkout = checkout;
        this.queries = queries;
        this.publishedEventsKept = config.outbox().keepPublished();
    }

    /** The order's timeline; empty if there is no such order. */
    public Optional<Timeline> of(UUID orderId) {
        Optional<Order> found = checkout.find(orderId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Order order = found.get();
        List<Event> events = events(order);
        List<DeadLetter> letters = DeadLetter.list("messageKey = ?1 order by firstFailureAt", orderId.toString());
        // Orders placed before their checkout's trace id was recorded still find it in a message that is kept.
        String traceId = order.traceId != null ? order.traceId
                : Stream.concat(events.stream().map(Event::traceParent), letters.stream().map(letter -> letter.traceparent))
                        .filter(Objects::nonNull).map(OrderTimeline::traceId).findFirst().orElse(null);
        List<DeadLetterEntry> deadLetters = letters.stream().map(letter -> new DeadLetterEntry(letter.id, letter.consumer,
                letter.destination, letter.reason, letter.status.name(), letter.attempts, letter.firstFailureAt,
                letter.lastFailureAt, letter.replayCount, letter.lastReplayedAt)).toList();
        return Optional.of(new Timeline(order.id, order.status.name(), order.customerEmail, order.total, order.createdAt,
                order.updatedAt, traceId, queries.history(orderId), events, publishedEventsKept, queries.emails(orderId),
                deadLetters));
    }

    /** The trace id of a W3C traceparent ({@code version-traceid-parentid-flags}); anything else as it is. */
    static String traceId(String traceParent) {
        String[] parts = traceParent.split("-");
        return parts.length == 4 && parts[1].length() == 32 ? parts[1] : traceParent;
    }

    private List<Event> events(Order order) {
        try {
            return Jdbc.withConnection(dataSource, connection -> Jdbc.list(connection, OpsSql.ORDER_EVENTS,
                    row -> new Event(row.getObject(1, UUID.class), row.getString(2), row.getString(3), row.getString(4),
                            Jdbc.instant(row, 5), Jdbc.instant(row, 6), row.getInt(7), row.getString(8), row.getString(9)),
                    order.id.toString(), Timestamp.from(order.createdAt.minus(CLOCK_MARGIN))));
        } catch (SQLException e) {
            throw new IllegalStateException("The events of order " + order.id + " could not be read: " + e.getMessage(), e);
        }
    }
}
