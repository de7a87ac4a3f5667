package dev.orderpipeline.messaging;

import dev.orderpipeline.contract.PipelineMessage;

/**
 * A received event whose payload was read, once, as the record its type names, bound to the effect its consumer
 * registered for that type.
 */
record TypedEvent(IncomingEvent envelope, PipelineMessage message, Runnable effect) {

    /** Applies the effect, in the caller's transaction. */
    void apply() {
        effect.run();
    }
}
