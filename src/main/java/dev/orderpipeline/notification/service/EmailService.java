package dev.orderpipeline.notification.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.orderpipeline.notification.events.SendOrderEmail;
import dev.orderpipeline.platform.Jdbc;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.logging.Log;

/**
 * Sends each order email once. The SMTP send happens inside the transaction that records it: if the send fails
 * nothing is recorded and the command is redelivered; a crash after the SMTP server accepted the mail but before
 * the commit is the only window in which a second copy (with the same Message-ID) can go out.
 */
@ApplicationScoped
public class EmailService {

    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("email.message_id");

    private final SmtpSender smtp;
    private final EntityManager entityManager;
    private final EmailMetrics metrics;
    private final Tracer tracer;

    EmailService(SmtpSender smtp, EntityManager entityManager, EmailMetrics metrics, Tracer tracer) {
        this.smtp = smtp;
        this.entityManager = entityManager;
        this.metrics = metrics;
        this.tracer = tracer;
    }

    @Transactional(TxType.MANDATORY)
    public void send(SendOrderEmail command) {
        OutgoingEmail email = EmailTemplates.render(command);
        int recorded = Jdbc.inTransaction(entityManager, connection -> Jdbc.update(connection, NotificationSql.RECORD_SENT,
                command.orderId(), command.kind().name(), email.messageId(), email.to(), Instant.now()));
        if (recorded == 0) {
            Log.debugf("Email %s already sent, not sending again", email.messageId());
            return;
        }
        // The hand-over to the SMTP server, a child span of the email command being handled.
        Span span = tracer.spanBuilder("smtp send").setSpanKind(SpanKind.CLIENT).setAttribute(MESSAGE_ID, email.messageId())
                .startSpan();
        try {
            metrics.timeSend(() -> smtp.send(email));
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            throw e;
        } finally {
            span.end();
        }
        metrics.accepted(command);
    }
}
