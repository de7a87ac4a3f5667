package dev.orderpipeline.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Matches emails the SMTP server accepted to the orders that wait for them, whichever comes first: the email (seen
 * by {@link SmtpFront}) or the harness's registration of the order (after its checkout response). Counts duplicates: the
 * pipeline promises one email per order.
 */
final class Deliveries {

    /** An order waiting for its email. */
    interface Waiter {
        /** The email arrived; {@code confirmation} is false for a rejection or payment-failed email. */
        void delivered(boolean confirmation, long atNanos);
    }

    private record Arrival(boolean confirmation, long atNanos) {
    }

    private final ConcurrentHashMap<String, Object> slots = new ConcurrentHashMap<>();
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong emails = new AtomicLong();

    /** An email for {@code orderId} was seen at {@code atNanos}. */
    void arrived(String orderId, boolean confirmation, long atNanos) {
        emails.incrementAndGet();
        if (!delivered.add(orderId)) {
            duplicates.incrementAndGet();
            return;
        }
        Waiter[] waiter = new Waiter[1];
        slots.compute(orderId, (id, slot) -> {
            if (slot instanceof Waiter w) {
                waiter[0] = w;
                return null;
            }
            return new Arrival(confirmation, atNanos);
        });
        if (waiter[0] != null) {
            waiter[0].delivered(confirmation, atNanos);
        }
    }

    /** The harness waits for the email of {@code orderId}; tells {@code waiter} at once if it already arrived. */
    void expect(String orderId, Waiter waiter) {
        Arrival[] arrival = new Arrival[1];
        slots.compute(orderId, (id, slot) -> {
            if (slot instanceof Arrival a) {
                arrival[0] = a;
                return null;
            }
            return waiter;
        });
        if (arrival[0] != null) {
            waiter.delivered(arrival[0].confirmation(), arrival[0].atNanos());
        }
    }

    /** Stops waiting for an order (timed out); true if it was still waiting. */
    boolean forget(String orderId) {
        return slots.remove(orderId) instanceof Waiter;
    }

    long duplicates() {
        return duplicates.get();
    }

    long emails() {
        return emails.get();
    }
}
