package dev.orderpipeline.messaging;

/** CloudEvents 1.0 binary-mode attribute names for the Kafka and AMQP protocol bindings. */
public final class CloudEvents {

    public static final String SPEC_VERSION = "1.0";
    public static final String KAFKA_PREFIX = "ce_";
    public static final String AMQP_PREFIX = "cloudEvents:";
    public static final String CONTENT_TYPE = "application/json";

    private CloudEvents() {
    }
}
