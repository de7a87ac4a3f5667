package dev.orderpipeline.messaging;

import dev.orderpipeline.platform.DatabaseFailures;

/** Tells transient failures (worth a retry) from permanent ones (dead-letter at once). */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    /** Transient when a cause says so before any cause says the message can never work. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PermanentMessageException) {
                return false;
            }
            if (cause instanceof TransientFailureException || DatabaseFailures.isTransientCause(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * Whether the database itself is unreachable: such a failure says nothing about the message, so the consumer
     * waits for the database instead of dead-lettering everything it reads during an outage.
     */
    public static boolean isDatabaseUnavailable(Throwable failure) {
        return DatabaseFailures.isUnavailable(failure);
    }
}
