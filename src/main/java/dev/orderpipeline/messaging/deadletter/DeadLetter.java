package dev.orderpipeline.messaging.deadletter;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.orderpipeline.messaging.outbox.Transport;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A message a consumer gave up on, kept with its exact bytes and why it failed, until replayed or discarded. */
@Entity
@Table(name = "dead_letter")
public class DeadLetter extends PanacheEntityBase {

    /** Where a dead letter stands. */
    public enum Status {
        NEW,
        REPLAYED,
        DISCARDED
    }

    @Id
    public UUID id;
    @Enumerated(EnumType.STRING)
    public Transport source;
    public String destination;
    public String consumer;
    public String messageId;
    public String messageKey;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> headers;
    public byte[] payload;
    public String reason;
    public String exceptionClass;
    public String cause;
    public int attempts;
    public Instant firstFailureAt;
    public Instant lastFailureAt;
    @Enumerated(EnumType.STRING)
    public Status status;
    public int replayCount;
    public Instant lastReplayedAt;
    public String deadLetterRef;
    /** W3C trace context the message carried when it (last) failed; null if none. */
    public String traceparent;
    public String tracestate;
}
