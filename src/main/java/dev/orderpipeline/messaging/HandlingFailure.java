package dev.orderpipeline.messaging;

import java.time.Instant;

/** A message whose handling failed for good: permanently, or transiently until the retry bounds ran out. */
public class HandlingFailure extends RuntimeException {

    private final int attempts;
    private final Instant firstFailure;
    private final boolean permanent;

    public HandlingFailure(RuntimeException cause, int attempts, Instant firstFailure, boolean permanent) {
        super(cause.getMessage(), cause);
        this.attempts = attempts;
        this.firstFailure = firstFailure;
        this.permanent = permanent;
    }

    /** The failure as the handler raised it. */
    public RuntimeException original() {
        return (RuntimeException) getCause();
    }

    public int attempts() {
        return attempts;
    }

    public Instant firstFailure() {
        return firstFailure;
    }

    public boolean permanent() {
        return permanent;
    }
}
