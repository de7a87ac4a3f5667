package dev.orderpipeline.contract;

/**
 * An event or command of the pipeline that knows its own envelope: its versioned CloudEvents type, its key and where
 * it goes. An implementation is an immutable record whose components are its JSON payload, and declares its type as
 * {@code public static final String TYPE}, the value {@link #type()} returns (handlers are registered by class).
 */
public interface PipelineMessage {

    /** The versioned CloudEvents type, e.g. {@code dev.orderpipeline.checkout.order-placed.v1}: this class's {@code TYPE}. */
    String type();

    /** The aggregate id: the Kafka record key (messages with one key keep their order) and the CloudEvents subject. */
    String key();

    /** Where the message goes. */
    Destination destination();

    /** The CloudEvents source: who publishes it, which its destination tells. */
    default String source() {
        return destination().source();
    }
}
