package dev.orderpipeline.checkout.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.orderpipeline.checkout.Order;
import dev.orderpipeline.checkout.OrderStatus;
import dev.orderpipeline.messaging.PermanentMessageException;
import dev.orderpipeline.messaging.outbox.Outbox;
import dev.orderpipeline.notification.events.SendOrderEmail;
import dev.orderpipeline.platform.BoundedText;
import dev.orderpipeline.platform.Jdbc;

/** Moves orders forward as inventory and payment report back, and commands the email that tells the customer. */
@ApplicationScoped
public class OrderStatusService {

    /** Per status, the names of the statuses an order may move to it from (the MOVE statement's array). */
    private static final Map<OrderStatus, Object[]> MOVES_FROM = new EnumMap<>(OrderStatus.class);

    static {
        for (OrderStatus next : OrderStatus.values()) {
            MOVES_FROM.put(next, Arrays.stream(OrderStatus.values()).filter(status -> status.canMoveTo(next))
                    .map(OrderStatus::name).toArray());
        }
    }

    private final Outbox outbox;
    private final OrderHistory history;
    private final Event<OrderActivity> activity;

    OrderStatusService(Outbox outbox, OrderHistory history, Event<OrderActivity> activity) {
        this.outbox = outbox;
        this.history = history;
        this.activity = activity;
    }

    /**
     * Locks the orders, in id order, for the rest of the caller's transaction: a batch of status changes takes its
     * locks up front in one order, so two batches never wait for each other crosswise (a deadlock).
     */
    @Transactional(TxType.MANDATORY)
    public void lock(Collection<UUID> orderIds) {
        if (!orderIds.isEmpty()) {
            List<UUID> ids = orderIds.stream().sorted().distinct().toList();
            Jdbc.inTransaction(Order.getEntityManager(),
                    connection -> Jdbc.list(connection, CheckoutSql.LOCK, row -> null, Jdbc.array("uuid", ids)));
        }
    }

    @Transactional(TxType.MANDATORY)
    public void stockReserved(UUID orderId) {
        moveTo(orderId, OrderStatus.STOCK_RESERVED, "stock reserved", null);
    }

    /** The detail names the unavailable SKUs as far as the history column allows, and counts the rest. */
    @Transactional(TxType.MANDATORY)
    public void stockRejected(UUID orderId, String reason, List<String> unavailableSkus) {
        moveTo(orderId, OrderStatus.REJECTED, BoundedText.listing(reason + ": ", unavailableSkus, OrderHistory.MAX_DETAIL),
                SendOrderEmail.Kind.REJECTION);
    }

    @Transactional(TxType.MANDATORY)
    public void paymentCaptured(UUID orderId) {
        moveTo(orderId, OrderStatus.CONFIRMED, "payment captured; confirmation email requested", SendOrderEmail.Kind.CONFIRMATION);
    }

    @Transactional(TxType.MANDATORY)
    public void paymentDeclined(UUID orderId, String reason) {
        String prefix = "payment declined: ";
        String suffix = "; stock released";
        moveTo(orderId, OrderStatus.PAYMENT_FAILED,
                prefix + BoundedText.fit(reason, OrderHistory.MAX_DETAIL - prefix.length() - suffix.length()) + suffix,
                SendOrderEmail.Kind.PAYMENT_FAILED);
    }

    private void moveTo(UUID orderId, OrderStatus next, String detail, SendOrderEmail.Kind email) {
        Instant now = Instant.now();
        Object[] allowedFrom = MOVES_FROM.get(next);
        EntityManager entityManager = Order.getEntityManager();
        Moved moved = Jdbc.inTransaction(entityManager, connection -> Jdbc.first(connection, CheckoutSql.MOVE,
                row -> new Moved(row.getString(1), row.getBigDecimal(2), Jdbc.instant(row, 3)),
                next.name(), now, orderId, new Jdbc.SqlArray("varchar", allowedFrom)));
        if (moved == null) {
            if (Jdbc.inTransaction(entityManager, connection -> Jdbc.first(connection, CheckoutSql.EXISTS, row -> true,
                    orderId)) == null) {
                throw new PermanentMessageException("unknown order " + orderId);
            }
            return;
        }
        history.record(orderId, next, detail, now);
        if (email != null) {
            List<SendOrderEmail.Line> lines = Jdbc.inTransaction(entityManager, connection -> Jdbc.list(connection,
                    CheckoutSql.LINES, row -> new SendOrderEmail.Line(row.getString(1), row.getInt(2), row.getBigDecimal(3)),
                    orderId));
            outbox.publish(new SendOrderEmail(orderId, email, moved.customerEmail(), lines, moved.total(),
                    email == SendOrderEmail.Kind.CONFIRMATION ? null : detail, moved.createdAt()));
        }
        activity.fire(new OrderActivity(orderId, next.name(), now));
    }

    /** What a status change returns of the order for its email. */
    private record Moved(String customerEmail, BigDecimal total, Instant createdAt) {
    }
}
