package dev.orderpipeline.checkout;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Checkout's copy of a product's name and price ({@code checkout_price}): only ever replaced by a newer catalog version. */
@Entity
@Table(name = "checkout_price")
public class CheckoutPrice extends PanacheEntityBase {

    @Id
    public String sku;
    public String name;
    public BigDecimal price;
    public long catalogVersion;
}
