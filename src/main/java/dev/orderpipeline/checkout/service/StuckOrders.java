package dev.orderpipeline.checkout.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.orderpipeline.config.AppConfig;
import dev.orderpipeline.messaging.deadletter.DeadLetter;
import dev.orderpipeline.platform.Jdbc;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * The safety net for what nobody foresaw: orders still not final {@code app.orders.max-in-flight} after they were
 * placed. Counted in the gauge {@code orders_stuck} (one indexed count, at most once per {@code app.orders.stuck-refresh},
 * however often it is scraped) and listed page by page with their last step and dead letters.
 */
@ApplicationScoped
public class StuckOrders {

    /** One dead letter of a stuck order (its message key is the order id). */
    public record DeadLetterRef(UUID id, String consumer, String destination, String reason, String status) {
    }

    /** A stuck order: how old, where it stopped, and what was dead-lettered on its way. */
    public record StuckOrder(UUID id, String status, Instant createdAt, long ageSeconds,
            OrderQueries.HistoryEntry lastStep, List<DeadLetterRef> deadLetters) {
    }

    /** One page of stuck orders, oldest first. */
    public record Page(List<StuckOrder> items, int page, int size, long total, Duration maxInFlight) {
    }

    private static final String IN_FLIGHT = "status in ('PLACED', 'STOCK_RESERVED')";
    /** Parameter: placed before. */
    private static final String COUNT = "select count(*) from customer_order where " + IN_FLIGHT + " and created_at < ?";
    /** Each stuck order with its last step. Parameters: placed before, limit, offset. */
    private static final String PAGE = """
            select o.id, o.status, o.created_at, h.status, h.detail, h.at
            from customer_order o
            left join lateral (select status, detail, at from order_history where order_id = o.id
                               order by id desc limit 1) h on true
            where o.%s and o.created_at < ?
            order by o.created_at, o.id limit ? offset ?""".formatted(IN_FLIGHT);

    private final AgroalDataSource dataSource;
    private final Duration maxInFlight;
    private final long refreshMillis;
    private volatile long count;
    private volatile long countedAt;

    StuckOrders(AgroalDataSource dataSource, AppConfig config) {
        this.dataSource = dataSource;
        this.maxInFlight = config.orders().maxInFlight();
        this.refreshMillis = config.orders().stuckRefresh().toMillis();
    }

    void registerGauge(@Observes StartupEvent event, MeterRegistry registry) {
        Gauge.builder("orders_stuck", this, StuckOrders::count)
                .description("Orders not final app.orders.max-in-flight after they were placed")
                .register(registry);
    }

    /** The number of stuck orders, counted again only when the last count is older than the refresh interval. */
    public synchronized long count() {
        long now = System.currentTimeMillis();
        if (countedAt != 0 && now - countedAt < refreshMillis) {
            return count;
        }
        try {
            count = Jdbc.withConnection(dataSource, connection -> Jdbc.count(connection, COUNT,
                    Timestamp.from(Instant.now().minus(maxInFlight))));
        } catch (SQLException e) {
            Log.debugf("Stuck orders not counted: %s", e.toString());
        }
        countedAt = now;
        return count;
    }

    /** A page of stuck orders, oldest first, each with its last history step and its dead letters. */
    public Page list(int page, int size) throws SQLException {
        Instant now = Instant.now();
        Timestamp before = Timestamp.from(now.minus(maxInFlight));
        long total;
        List<StuckOrder> orders;
        try (Connection connection = dataSource.getConnection()) {
            total = Jdbc.count(connection, COUNT, before);
            orders = Jdbc.list(connection, PAGE, row -> {
                Instant created = Jdbc.instant(row, 3);
                Instant stepAt = Jdbc.instant(row, 6);
                return new StuckOrder(row.getObject(1, UUID.class), row.getString(2), created,
                        Duration.between(created, now).toSeconds(),
                        stepAt == null ? null : new OrderQueries.HistoryEntry(row.getString(4), row.getString(5), stepAt),
                        List.of());
            }, before, size, (long) page * size);
        }
        Map<String, List<DeadLetterRef>> letters = deadLetters(orders.stream().map(order -> order.id().toString()).toList());
        List<StuckOrder> items = orders.stream().map(order -> new StuckOrder(order.id(), order.status(), order.createdAt(),
                order.ageSeconds(), order.lastStep(), letters.getOrDefault(order.id().toString(), List.of()))).toList();
        return new Page(items, page, size, total, maxInFlight);
    }

    private static Map<String, List<DeadLetterRef>> deadLetters(List<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        return DeadLetter.<DeadLetter>list("messageKey in ?1", keys).stream().collect(Collectors.groupingBy(
                letter -> letter.messageKey, Collectors.mapping(letter -> new DeadLetterRef(letter.id, letter.consumer,
                        letter.destination, letter.reason, letter.status.name()), Collectors.toList())));
    }
}
