package dev.orderpipeline.faults;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.orderpipeline.checkout.events.OrderPlaced;

/**
 * What the pipeline published on its order topics, read from Kafka itself (never from the outbox, which keeps no trail
 * of published rows by default): every record of {@link #TOPICS} to their current end, with its key (the order id),
 * CloudEvents id and type, and timestamp.
 */
final class PublishedRecords {

    /** The topics whose records are keyed by order id. */
    static final Set<String> TOPICS = Set.of("orders", "inventory", "payments");

    private final List<KafkaTool.Event> events;

    PublishedRecords(List<KafkaTool.Event> events) {
        this.events = events;
    }

    static PublishedRecords read(KafkaTool kafka) {
        return new PublishedRecords(kafka.readAll(TOPICS));
    }

    /** Record types by key, counting every copy, for the keys given. */
    Map<String, Map<String, Integer>> typesByKey(Set<String> keys) {
        Map<String, Map<String, Integer>> types = new HashMap<>();
        for (KafkaTool.Event event : events) {
            if (event.key() != null && keys.contains(event.key())) {
                types.computeIfAbsent(event.key(), k -> new HashMap<>()).merge(String.valueOf(event.type()), 1, Integer::sum);
            }
        }
        return types;
    }

    /** The distinct CloudEvents ids of the OrderPlaced records keyed by each of the keys given. */
    Map<String, Set<String>> placedIdsByKey(Set<String> keys) {
        Map<String, Set<String>> ids = new HashMap<>();
        for (KafkaTool.Event event : events) {
            if (OrderPlaced.TYPE.equals(event.type()) && event.key() != null && keys.contains(event.key())) {
                ids.computeIfAbsent(event.key(), k -> new HashSet<>()).add(String.valueOf(event.id()));
            }
        }
        return ids;
    }

    /** Copies beyond the first of records with the same CloudEvents id, among the keys given (at-least-once). */
    long redelivered(Set<String> keys) {
        Map<String, Integer> copies = new HashMap<>();
        for (KafkaTool.Event event : events) {
            if (event.id() != null && event.key() != null && keys.contains(event.key())) {
                copies.merge(event.id(), 1, Integer::sum);
            }
        }
        return copies.values().stream().mapToLong(count -> count - 1).sum();
    }

    /** Records sent at or after {@code since} whose key is not one of {@code keys} (or that have none). */
    long keyedOutside(Set<String> keys, Instant since) {
        return events.stream().filter(event -> event.timestamp() >= since.toEpochMilli())
                .filter(event -> event.key() == null || !keys.contains(event.key())).count();
    }
}
