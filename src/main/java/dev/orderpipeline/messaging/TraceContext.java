package dev.orderpipeline.messaging;

import java.util.List;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * A W3C trace context as a message carries it: {@code traceparent} (never null) and {@code tracestate} (null when
 * empty), as Kafka headers and AMQP application properties of those names.
 */
public record TraceContext(String traceparent, String tracestate) {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private static final TextMapSetter<String[]> INTO_PAIR = (pair, name, value) -> pair[TRACEPARENT.equals(name) ? 0 : 1] = value;

    private static final TextMapGetter<TraceContext> FROM_MESSAGE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceContext carrier) {
            return List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(TraceContext carrier, String name) {
            return carrier == null ? null : TRACEPARENT.equals(name) ? carrier.traceparent : TRACESTATE.equals(name) ? carrier.tracestate : null;
        }
    };

    /** The context of the current span, or null when no span is current. */
    public static TraceContext current() {
        Context context = Context.current();
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        String[] pair = new String[2];
        W3CTraceContextPropagator.getInstance().inject(context, pair, INTO_PAIR);
        return pair[0] == null ? null : new TraceContext(pair[0], pair[1]);
    }

    /** The trace context a message carried, or null when it carried no {@code traceparent}. */
    public static TraceContext of(String traceparent, String tracestate) {
        if (traceparent == null || traceparent.isEmpty()) {
            return null;
        }
        return new TraceContext(traceparent, tracestate == null || tracestate.isEmpty() ? null : tracestate);
    }

    /** A context whose span is the remote one named here (invalid, so no parent, when it cannot be parsed). */
    public Context asParent() {
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), this, FROM_MESSAGE);
    }

    /** The remote span named here; invalid when the traceparent cannot be parsed. */
    public SpanContext spanContext() {
        return Span.fromContext(asParent()).getSpanContext();
    }
}
