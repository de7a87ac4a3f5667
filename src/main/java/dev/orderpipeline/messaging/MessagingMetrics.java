package dev.orderpipeline.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;

/** Counters per channel: {@code messaging_messages_total{channel, outcome}} with processed, duplicate, retried, dead-lettered, replayed. */
@ApplicationScoped
public class MessagingMetrics {

    private final MeterRegistry registry;

    MessagingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void processed(String channel) {
        count(channel, "processed");
    }

    public void duplicate(String channel) {
        count(channel, "duplicate");
    }

    public void retried(String channel) {
        count(channel, "retried");
    }

    public void deadLettered(String channel) {
        count(channel, "dead-lettered");
    }

    public void replayed(String channel) {
        count(channel, "replayed");
    }

    private void count(String channel, String outcome) {
        registry.counter("messaging_messages", "channel", channel, "outcome", outcome).increment();
    }
}
