package dev.orderpipeline.contract;

import java.util.UUID;

/** A message about one order: its key, and so its partition and CloudEvents subject, is the order id. */
public interface OrderMessage extends PipelineMessage {

    UUID orderId();

    @Override
    default String key() {
        return orderId().toString();
    }
}
