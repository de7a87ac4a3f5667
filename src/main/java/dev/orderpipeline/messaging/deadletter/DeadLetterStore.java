package dev.orderpipeline.messaging.deadletter;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.orderpipeline.messaging.EventJson;

/**
 * Keeps dead letters. The same message failing again (after a replay, or redelivered from the dead-letter topic)
 * updates its one row: back to NEW, attempts added, last failure moved, replay count kept.
 */
@ApplicationScoped
public class DeadLetterStore {

    private final EntityManager entityManager;
    private final EventJson json;

    DeadLetterStore(EntityManager entityManager, EventJson json) {
        this.entityManager = entityManager;
        this.json = json;
    }

    @Transactional
    public void record(DeadLetterEnvelope received) {
        DeadLetterEnvelope letter = received.storable();
        entityManager.createNativeQuery("""
                insert into dead_letter (id, source, destination, consumer, message_id, message_key, headers, payload,
                    reason, exception_class, cause, attempts, first_failure_at, last_failure_at, status, dead_letter_ref)
                values (?1, ?2, ?3, ?4, ?5, ?6, cast(?7 as jsonb), ?8, left(?9, 1000), left(?10, 300), left(?11, 1000),
                    ?12, ?13, ?14, 'NEW', ?15)
                on conflict (consumer, message_id) do update set status = 'NEW',
                    attempts = dead_letter.attempts + excluded.attempts, last_failure_at = excluded.last_failure_at,
                    reason = excluded.reason, exception_class = excluded.exception_class, cause = excluded.cause,
                    dead_letter_ref = excluded.dead_letter_ref
                where dead_letter.dead_letter_ref is distinct from excluded.dead_letter_ref""")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, letter.source().name())
                .setParameter(3, letter.destination())
                .setParameter(4, letter.consumer())
                .setParameter(5, letter.messageId())
                .setParameter(6, letter.key())
                .setParameter(7, json.write(letter.headers()))
                .setParameter(8, letter.payload())
                .setParameter(9, letter.reason())
                .setParameter(10, letter.exceptionClass())
                .setParameter(11, letter.cause())
                .setParameter(12, letter.attempts())
                .setParameter(13, letter.firstFailure())
                .setParameter(14, letter.lastFailure())
                .setParameter(15, letter.deadLetterRef())
                .executeUpdate();
    }
}
