package dev.orderpipeline.checkout;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.ListIndexBase;

import dev.orderpipeline.checkout.events.OrderLine;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A customer's order with its lines, persisted together as one aggregate; the lines are priced when the order is
 * placed and never change. Its status history is kept beside it ({@code OrderStep}).
 */
@Entity
@Table(name = "customer_order")
public class Order extends PanacheEntityBase {

    /** One line of the order, as placed: {@code order_line}, numbered from 1 in the order of the request. */
    @Embeddable
    public record Line(String sku, int quantity, BigDecimal unitPrice) {

        public OrderLine toEvent() {
            return new OrderLine(sku, quantity, unitPrice);
        }
    }

    @Id
    public UUID id;
    public String customerEmail;
    @Enumerated(EnumType.STRING)
    public OrderStatus status;
    public BigDecimal total;
    public String idempotencyKey;
    public String requestHash;
    public Instant createdAt;
    public Instant updatedAt;
    /** The W3C trace id of the checkout that placed it; null when no span was current. */
    public String traceId;
    @Version
    public long version;
    /** Loaded on first use (one select); written with the order (one batched insert). */
    @ElementCollection
    @CollectionTable(name = "order_line", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    @ListIndexBase(1)
    public List<Line> lines = new ArrayList<>();

    /** The lines as the events and views carry them. */
    public List<OrderLine> lineItems() {
        return lines.stream().map(Line::toEvent).toList();
    }
}
