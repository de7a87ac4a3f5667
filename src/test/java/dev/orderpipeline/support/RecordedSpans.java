package dev.orderpipeline.support;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * Keeps every span the application under test finishes, in memory, beside the exporter it would use anyway: tests
 * read the traces there (no collector is involved). Tests that read it reset it first.
 */
@Singleton
public class RecordedSpans {

    @Produces
    @Singleton
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }
}
