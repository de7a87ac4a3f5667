package dev.orderpipeline.messaging;

/** A message that can never succeed as it is (unparseable, unknown type, invalid): dead-letter it without retrying. */
public class PermanentMessageException extends RuntimeException {

    public PermanentMessageException(String message) {
        super(message);
    }

    public PermanentMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
