package dev.orderpipeline.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.MDC;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * The spans of the messaging machinery. A message's trace context is the one its producer stored with it: a
 * consumer's span is that context's child (whatever else handled the same poll), so one business key's messages
 * stay in one trace across every hop. While a message is handled its span is current (and its trace id in the log
 * MDC, as Quarkus puts it there) and its CloudEvents subject is in the MDC under {@value #SUBJECT_MDC}.
 */
@ApplicationScoped
public class MessageTracing {

    /**
     * MDC key of the CloudEvents subject of the message being handled: the aggregate the message is about (for
     * order events and commands, the order id). The machinery knows no feature, so it does not call it an order id.
     */
    public static final String SUBJECT_MDC = "subject";

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> SUBSCRIPTION = AttributeKey.stringKey("messaging.destination.subscription.name");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");

    private final Tracer tracer;

    MessageTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * Starts the span of {@code consumer} handling one message and makes it current until the returned scope is
     * closed. Its parent is {@code producer}, the context the message carried; without one it starts a trace.
     */
    public MessageScope processing(String consumer, String messageId, String subject, TraceContext producer) {
        SpanBuilder builder = tracer.spanBuilder("process " + consumer).setSpanKind(SpanKind.CONSUMER)
                .setAttribute(OPERATION, "process").setAttribute(SUBSCRIPTION, consumer);
        if (messageId != null) {
            builder.setAttribute(MESSAGE_ID, messageId);
        }
        if (producer == null) {
            builder.setNoParent();
        } else {
            builder.setParent(producer.asParent());
        }
        return new MessageScope(builder.startSpan(), subject);
    }

    /** {@link #processing(String, String, String, TraceContext)} for a received event. */
    public MessageScope processing(String consumer, IncomingEvent event) {
        return processing(consumer, event.id(), event.subject(), event.trace());
    }

    /**
     * The relay's span for publishing one stored message, a child of the context stored with it; the message itself
     * still carries the stored context. A row stored without one gets no span (an invalid one, free to end).
     */
    public Span publishing(String system, String destination, String messageId, TraceContext stored) {
        if (stored == null) {
            return Span.getInvalid();
        }
        return tracer.spanBuilder("publish " + destination).setSpanKind(SpanKind.PRODUCER).setParent(stored.asParent())
                .setAttribute(SYSTEM, system).setAttribute(OPERATION, "send").setAttribute(DESTINATION, destination)
                .setAttribute(MESSAGE_ID, messageId).startSpan();
    }

    /**
     * The span of sending a stored message again: a child of the current context (the operator's request), linked to
     * the context the message had when it failed. The replayed message carries this span's context.
     */
    public Span replaying(String system, String destination, String messageId, TraceContext original) {
        SpanBuilder builder = tracer.spanBuilder("replay " + destination).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, system).setAttribute(OPERATION, "send").setAttribute(DESTINATION, destination)
                .setAttribute(MESSAGE_ID, messageId);
        if (original != null) {
            SpanContext originalSpan = original.spanContext();
            if (originalSpan.isValid()) {
                builder.addLink(originalSpan);
            }
        }
        return builder.startSpan();
    }

    /** Makes {@code span} current, with {@code subject} in the MDC, until the returned scope is closed; then ends it. */
    public MessageScope current(Span span, String subject) {
        return new MessageScope(span, subject);
    }

    /** Marks a span failed with the exception (a null one marks nothing). */
    public static void failed(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
        }
    }

    /** One message's span, current (with its subject in the MDC) until closed, then ended. */
    public static final class MessageScope implements AutoCloseable {

        private final Span span;
        private final Scope scope;
        private final Object previousSubject;
        private final boolean subjectSet;

        private MessageScope(Span span, String subject) {
            this.span = span;
            this.scope = span.makeCurrent();
            this.subjectSet = subject != null;
            this.previousSubject = subjectSet ? MDC.put(SUBJECT_MDC, subject) : null;
        }

        /** The message failed (and may be retried or dead-lettered). */
        public void failed(Throwable failure) {
            MessageTracing.failed(span, failure);
        }

        @Override
        public void close() {
            if (subjectSet) {
                if (previousSubject == null) {
                    MDC.remove(SUBJECT_MDC);
                } else {
                    MDC.put(SUBJECT_MDC, previousSubject);
                }
            }
            scope.close();
            span.end();
        }
    }
}
