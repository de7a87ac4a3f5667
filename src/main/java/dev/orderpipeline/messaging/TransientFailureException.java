package dev.orderpipeline.messaging;

/** A failure that may go away by itself (a provider or server briefly unavailable): worth retrying. */
public class TransientFailureException extends RuntimeException {

    public TransientFailureException(String message) {
        super(message);
    }

    public TransientFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
