package dev.orderpipeline.messaging.amqp;

import java.time.Duration;

/**
 * What a queue consumer does itself with messages its handler could not process, whatever the broker's address
 * settings: a rejected message is copied to {@code deadLetterAddress} and accepted only once the broker took the
 * copy; a message to be retried is held for {@link #delayMillis(int)} before it goes back as delivery-failed, so
 * that it does not spin on a broker without a redelivery delay.
 */
public record AmqpRedelivery(String deadLetterAddress, Duration delay, Duration maxDelay) {

    /** The hold before returning a message that failed its {@code attempt}-th delivery: delay × 2^(attempt-1), capped. */
    public long delayMillis(int attempt) {
        long first = Math.max(0, delay.toMillis());
        int doublings = Math.min(Math.max(0, attempt - 1), 20);
        return Math.min(first << doublings, Math.max(first, maxDelay.toMillis()));
    }
}
