package dev.orderpipeline.platform;

import java.util.Collection;

import jakarta.inject.Singleton;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import io.quarkus.arc.lookup.LookupIfProperty;

/**
 * Where spans go while no OTLP endpoint is configured: nowhere. Quarkus would otherwise send them to its default
 * address and log every failed attempt; while this exporter is present it sends nothing. Once an endpoint is
 * configured this bean is not looked up, and Quarkus's OTLP exporter takes the spans.
 */
@Singleton
@Unremovable
@LookupIfProperty(name = "quarkus.otel.exporter.otlp.endpoint", stringValue = DroppedSpans.NO_ENDPOINT)
public class DroppedSpans implements SpanExporter {

    /** The endpoint value that means "none configured" (application.properties, Quarkus's default). */
    static final String NO_ENDPOINT = "http://localhost:4317/";

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
