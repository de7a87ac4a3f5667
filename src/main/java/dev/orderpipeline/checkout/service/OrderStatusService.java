package dev.orderpipeline.checkout.service;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
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
                    connection -> Jdbc.list(connection, OrderStatusSql.LOCK, row -> null, Jdbc.array("uuid", ids)));
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
        Order order = Order.<Order>findByIdOptional(orderId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> new PermanentMessageException("unknown order " + orderId));
        if (!order.status.canMoveTo(next)) {
            return;
        }
        Instant now = Instant.now();
        order.status = next;
        order.updatedAt = now;
        history.record(orderId, next, detail, now);
        if (email != null) {
            outbox.publish(new SendOrderEmail(orderId, email, order.customerEmail, emailLines(order), order.total,
                    email == SendOrderEmail.Kind.CONFIRMATION ? null : detail, order.createdAt));
        }
        activity.fire(new OrderActivity(orderId, next.name(), now));
    }

    private static List<SendOrderEmail.Line> emailLines(Order order) {
        return order.lines.stream().map(line -> new SendOrderEmail.Line(line.sku(), line.quantity(), line.unitPrice()))
                .toList();
    }
}
