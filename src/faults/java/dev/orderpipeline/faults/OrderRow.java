package dev.orderpipeline.faults;

import java.util.UUID;

/** One order of a ledger's scope as the database holds it: its status and the counts of what it left behind. */
record OrderRow(UUID id, String status, String email, long lines, long placedHistory, long finals, long placedEvents,
        String charge, String payment, long committed, long held, long released, long sentEmails) {
}
