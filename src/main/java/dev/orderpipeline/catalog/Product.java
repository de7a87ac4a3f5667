package dev.orderpipeline.catalog;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The catalog master record of a product, written by administrators. */
@Entity
@Table(name = "catalog_product")
public class Product extends PanacheEntityBase {

    @Id
    public String sku;
    public String name;
    public BigDecimal price;
    public int stock;
    public long version;
    public Instant updatedAt;
}
