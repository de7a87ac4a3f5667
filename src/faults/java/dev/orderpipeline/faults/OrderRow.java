package dev.orderpipeline.faults;

import java.util.UUID;

/**
 * One order of a ledger's scope as the database holds it: its status and the counts of what it left behind;
 * {@code placedEvents}: its distinct OrderPlaced messages, on Kafka or still in the outbox.
 */
record OrderRow(UUID id, String status, String email, long lines, long placedHistory, long finals, long placedEvents,
        String charge, String payment, long committed, long held, long released, long sentEmails) {

    OrderRow withPlacedEvents(long count) {
        return new OrderRow(id, status, email, lines, placedHistory, finals, count, charge, payment, committed, held,
                released, sentEmails);
    }
}
