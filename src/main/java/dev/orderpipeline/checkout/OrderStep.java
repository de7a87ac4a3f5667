package dev.orderpipeline.checkout;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One step of an order's status history ({@code order_history}): appended, never changed; ids grow with time. */
@Entity
@Table(name = "order_history")
public class OrderStep extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public UUID orderId;
    @Enumerated(EnumType.STRING)
    public OrderStatus status;
    public String detail;
    public Instant at;
}
