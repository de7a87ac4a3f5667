package dev.orderpipeline.catalog.events;

import java.math.BigDecimal;

import dev.orderpipeline.contract.Destination;
import dev.orderpipeline.contract.PipelineMessage;

/** A product was created or changed; {@code stock} is the available level the administrator set. */
public record ProductUpdated(String sku, String name, BigDecimal price, int stock, long version)
        implements PipelineMessage {

    public static final String TYPE = "dev.orderpipeline.catalog.product-updated.v1";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String key() {
        return sku;
    }

    @Override
    public Destination destination() {
        return Destination.CATALOG;
    }
}
