package dev.orderpipeline.checkout;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A customer's order; its lines and status history are kept beside it. */
@Entity
@Table(name = "customer_order")
public class Order extends PanacheEntityBase {

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
    @Version
    public long version;
}
