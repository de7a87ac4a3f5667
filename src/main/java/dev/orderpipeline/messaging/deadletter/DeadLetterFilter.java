package dev.orderpipeline.messaging.deadletter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.orderpipeline.messaging.outbox.Transport;
import io.quarkus.panache.common.Parameters;

/**
 * Which dead letters an operation applies to; every criterion is optional (null). Times bound the last failure. An
 * empty exception class selects the letters that have none recorded (as the summary and the groups show them).
 */
public record DeadLetterFilter(Transport source, String destination, String consumer, String exceptionClass,
        DeadLetter.Status status, Instant from, Instant to) {

    /** The same filter, narrowed to one status. */
    public DeadLetterFilter withStatus(DeadLetter.Status only) {
        return new DeadLetterFilter(source, destination, consumer, exceptionClass, only, from, to);
    }

    /** The JPQL condition and its parameters. */
    Map.Entry<String, Parameters> query() {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> values = new HashMap<>();
        add(conditions, values, "source", source);
        add(conditions, values, "destination", destination);
        add(conditions, values, "consumer", consumer);
        if (exceptionClass != null && exceptionClass.isEmpty()) {
            conditions.add("exceptionClass is null");
        } else {
            add(conditions, values, "exceptionClass", exceptionClass);
        }
        add(conditions, values, "status", status);
        if (from != null) {
            conditions.add("lastFailureAt >= :from");
            values.put("from", from);
        }
        if (to != null) {
            conditions.add("lastFailureAt < :to");
            values.put("to", to);
        }
        Parameters parameters = new Parameters();
        values.forEach(parameters::and);
        return Map.entry(conditions.isEmpty() ? "1 = 1" : String.join(" and ", conditions), parameters);
    }

    private static void add(List<String> conditions, Map<String, Object> values, String field, Object value) {
        if (value != null) {
            conditions.add(field + " = :" + field);
            values.put(field, value);
        }
    }
}
