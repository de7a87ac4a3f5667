package dev.orderpipeline.messaging.outbox;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.orderpipeline.messaging.EventJson;

/** Writes messages to the outbox table in the caller's transaction; the relay publishes them after commit. */
@ApplicationScoped
public class Outbox {

    /** Number of relay lanes; a message's lane is a hash of its key, so one key always stays in one lane. */
    public static final int LANES = 16;

    private final EntityManager entityManager;
    private final EventJson json;

    Outbox(EntityManager entityManager, EventJson json) {
        this.entityManager = entityManager;
        this.json = json;
    }

    /** Adds a message to the outbox and returns its id, which becomes its CloudEvents id. */
    @Transactional(TxType.MANDATORY)
    public UUID add(OutgoingMessage message) {
        UUID id = UUID.randomUUID();
        entityManager.createNativeQuery("""
                insert into outbox_message (id, lane, transport, destination, message_key, type, source, subject, payload)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)""")
                .setParameter(1, id)
                .setParameter(2, lane(message.key()))
                .setParameter(3, message.transport().name())
                .setParameter(4, message.destination())
                .setParameter(5, message.key())
                .setParameter(6, message.type())
                .setParameter(7, message.source())
                .setParameter(8, message.subject())
                .setParameter(9, json.write(message.payload()))
                .executeUpdate();
        return id;
    }

    static int lane(String key) {
        return key == null ? 0 : Math.floorMod(key.hashCode(), LANES);
    }
}
