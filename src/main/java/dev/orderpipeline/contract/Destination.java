package dev.orderpipeline.contract;

/**
 * Where a message goes, by role: messaging maps each to its configured Kafka topic or AMQP address. Each has one
 * publisher, which its CloudEvents {@link #source()} names.
 */
public enum Destination {

    /** Orders placed at checkout. */
    ORDERS("/order-pipeline/checkout"),
    /** Inventory's answers: stock reserved or rejected. */
    INVENTORY("/order-pipeline/inventory"),
    /** Payment outcomes: captured or declined. */
    PAYMENTS("/order-pipeline/payment"),
    /** Product changes from the catalog. */
    CATALOG("/order-pipeline/catalog"),
    /** The email work queue, which checkout commands. */
    EMAIL_COMMANDS("/order-pipeline/checkout");

    private final String source;

    Destination(String source) {
        this.source = source;
    }

    /** The CloudEvents source of every message sent here: the context that publishes it. */
    public String source() {
        return source;
    }
}
