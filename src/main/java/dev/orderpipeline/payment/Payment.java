package dev.orderpipeline.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The outcome of charging one order, as this service recorded it. */
@Entity
@Table(name = "payment")
public class Payment extends PanacheEntityBase {

    @Id
    public UUID orderId;
    public BigDecimal amount;
    public String status;
    public String providerRef;
    public String reason;
    public Instant createdAt;
}
