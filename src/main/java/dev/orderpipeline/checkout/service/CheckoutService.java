package dev.orderpipeline.checkout.service;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import dev.orderpipeline.checkout.Order;
import dev.orderpipeline.checkout.events.OrderLine;
import dev.orderpipeline.checkout.OrderStatus;
import dev.orderpipeline.checkout.events.OrderPlaced;
import dev.orderpipeline.checkout.rest.CheckoutRequest;
import dev.orderpipeline.messaging.EventJson;
import dev.orderpipeline.messaging.TraceContext;
import dev.orderpipeline.messaging.outbox.Outbox;
import dev.orderpipeline.platform.Jdbc;
import dev.orderpipeline.platform.problem.FieldError;
import dev.orderpipeline.platform.problem.InvalidRequestException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Accepts checkouts: the order with its lines (one aggregate), its first history step and OrderPlaced commit together
 * or not at all.
 */
@ApplicationScoped
public class CheckoutService {

    private static final int MAX_KEY_LENGTH = 200;

    /** The accepted order and whether this call created it or found it by its idempotency key. */
    public record Placement(Order order, boolean created) {
    }

    private final Outbox outbox;
    private final OrderHistory history;
    private final EventJson json;
    private final AgroalDataSource dataSource;

    CheckoutService(Outbox outbox, OrderHistory history, EventJson json, AgroalDataSource dataSource) {
        this.outbox = outbox;
        this.dataSource = dataSource;
        this.history = history;
        this.json = json;
    }

    public Placement place(CheckoutRequest request, String idempotencyKey) {
        CheckoutValidator.validate(request);
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH)) {
            throw InvalidRequestException.invalid(List.of(new FieldError("Idempotency-Key",
                    "must be 1 to " + MAX_KEY_LENGTH + " characters")));
        }
        String requestHash = hash(request);
        Optional<Placement> replay = findByKey(idempotencyKey, requestHash);
        if (replay.isPresent()) {
            return replay.get();
        }
        try {
            return new Placement(QuarkusTransaction.requiringNew().call(() -> insert(request, idempotencyKey, requestHash)), true);
        } catch (PersistenceException e) {
            // A concurrent retry with the same key won the race: answer with its order.
            return findByKey(idempotencyKey, requestHash).orElseThrow(() -> e);
        }
    }

    public Optional<Order> find(UUID id) {
        return Order.findByIdOptional(id);
    }

    private Optional<Placement> findByKey(String idempotencyKey, String requestHash) {
        if (idempotencyKey == null) {
            return Optional.empty();
        }
        // Outside the checkout's transaction: a pooled connection for this one statement, returned before the
        // transaction takes its own.
        KeyedOrder keyed;
        try {
            keyed = Jdbc.withConnection(dataSource, connection -> Jdbc.first(connection, CheckoutSql.ORDER_BY_KEY,
                    row -> new KeyedOrder(row.getObject(1, UUID.class), row.getString(2)), idempotencyKey));
        } catch (SQLException e) {
            throw new IllegalStateException("The idempotency key could not be looked up: " + e.getMessage(), e);
        }
        if (keyed == null) {
            return Optional.empty();
        }
        if (!keyed.requestHash().equals(requestHash)) {
            throw InvalidRequestException.unprocessable("This Idempotency-Key was already used for a different request",
                    List.of(new FieldError("Idempotency-Key", "already used with another body")));
        }
        return Optional.of(new Placement(Order.findById(keyed.id()), false));
    }

    /** The order an idempotency key placed, and the hash of the request that placed it. */
    private record KeyedOrder(UUID id, String requestHash) {
    }

    private Order insert(CheckoutRequest request, String idempotencyKey, String requestHash) {
        List<OrderLine> lines = price(request.items());
        BigDecimal total = lines.stream().map(line -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        Instant now = Instant.now();
        Order order = new Order();
        order.id = UUID.randomUUID();
        order.customerEmail = request.customerEmail();
        order.status = OrderStatus.PLACED;
        order.total = total;
        order.idempotencyKey = idempotencyKey;
        order.requestHash = requestHash;
        order.createdAt = now;
        order.updatedAt = now;
        TraceContext trace = TraceContext.current();
        order.traceId = trace == null ? null : trace.spanContext().getTraceId();
        lines.forEach(line -> order.lines.add(new Order.Line(line.sku(), line.quantity(), line.unitPrice())));
        order.persistAndFlush();
        history.record(order.id, OrderStatus.PLACED, "checkout accepted", now);
        outbox.publish(new OrderPlaced(order.id, order.customerEmail, lines, total, now));
        return order;
    }

    private List<OrderLine> price(List<CheckoutRequest.Item> items) {
        Map<String, BigDecimal> prices = new HashMap<>();
        List<String> skus = items.stream().map(CheckoutRequest.Item::sku).distinct().toList();
        Jdbc.inTransaction(Order.getEntityManager(), connection -> Jdbc.list(connection, CheckoutSql.PRICES,
                row -> prices.put(row.getString(1), row.getBigDecimal(2)), Jdbc.array("varchar", skus)));
        List<OrderLine> lines = new ArrayList<>();
        List<FieldError> unknown = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            CheckoutRequest.Item item = items.get(i);
            BigDecimal price = prices.get(item.sku());
            if (price == null) {
                unknown.add(new FieldError("items[" + i + "].sku", "unknown SKU " + item.sku()));
            } else {
                lines.add(new OrderLine(item.sku(), item.quantity(), price));
            }
        }
        if (!unknown.isEmpty()) {
            throw InvalidRequestException.unprocessable("The order refers to products that do not exist", unknown);
        }
        return lines;
    }

    private String hash(CheckoutRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.write(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
