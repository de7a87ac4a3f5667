package dev.orderpipeline.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counters per channel: {@code messaging_messages_total{channel, outcome}} with processed, duplicate, retried, dead-lettered, replayed. */
@ApplicationScoped
public class MessagingMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    MessagingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void processed(String channel) {
        processed(channel, 1);
    }

    public void processed(String channel, int messages) {
        count(channel, "processed", messages);
    }

    public void duplicate(String channel) {
        duplicate(channel, 1);
    }

    public void duplicate(String channel, int messages) {
        count(channel, "duplicate", messages);
    }

    public void retried(String channel) {
        count(channel, "retried", 1);
    }

    public void deadLettered(String channel) {
        count(channel, "dead-lettered", 1);
    }

    public void replayed(String channel) {
        count(channel, "replayed", 1);
    }

    private void count(String channel, String outcome, int messages) {
        if (messages > 0) {
            counters.computeIfAbsent(channel + '\n' + outcome,
                    ignored -> registry.counter("messaging_messages", "channel", channel, "outcome", outcome)).increment(messages);
        }
    }
}
