package dev.orderpipeline.faults;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The answers to the fuzzed checkout bodies, counted as they arrive (from any thread): by status, the accepted order
 * ids, 5xx by kind of body, errors that are not problem+json, requests that got no answer, each with a few samples.
 */
final class RestFuzzTally {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SAMPLES = 10;

    private final long maxHttpBody;
    final Map<Integer, Integer> byStatus = new TreeMap<>();
    final Set<UUID> accepted = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> serverErrorsByKind = new TreeMap<>();
    final List<String> serverErrorSamples = new ArrayList<>();
    private int notProblemJson;
    private final List<String> notProblemSamples = new ArrayList<>();
    private int transportErrors;
    private int oversizedClosed;
    final List<String> transportSamples = new ArrayList<>();

    /** @param maxHttpBody the HTTP layer's own body limit, above which it may close the connection during the upload */
    RestFuzzTally(long maxHttpBody) {
        this.maxHttpBody = maxHttpBody;
    }

    synchronized void add(RestFuzzer.Case fuzz, HttpResponse<String> response, Throwable failure) {
        if (failure != null) {
            if (fuzz.body().length > maxHttpBody) {
                // The HTTP layer's own limit may close the connection while the body is still uploading.
                oversizedClosed++;
            } else {
                transportErrors++;
                if (transportSamples.size() < SAMPLES) {
                    transportSamples.add(fuzz.kind() + " (" + fuzz.body().length + " bytes): " + failure);
                }
            }
            return;
        }
        int status = response.statusCode();
        byStatus.merge(status, 1, Integer::sum);
        if (status == 202) {
            try {
                accepted.add(UUID.fromString(JSON.readTree(response.body()).get("id").asText()));
            } catch (IOException | RuntimeException e) {
                serverErrorSamples.add("unreadable 202: " + response.body());
            }
        } else if (status >= 500) {
            serverErrorsByKind.merge(fuzz.kind(), 1, Integer::sum);
            if (serverErrorSamples.size() < SAMPLES) {
                serverErrorSamples.add(fuzz.kind() + " → " + status + " " + clip(response.body()) + " for body "
                        + clip(Base64.getEncoder().encodeToString(fuzz.body())));
            }
        } else if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            notProblemJson++;
            if (notProblemSamples.size() < SAMPLES) {
                notProblemSamples.add(status + " " + response.headers().firstValue("Content-Type").orElse("(none)")
                        + " for " + fuzz.kind() + " with content type " + fuzz.contentType());
            }
        }
    }

    synchronized long serverErrors() {
        return byStatus.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
    }

    synchronized int transportErrors() {
        return transportErrors;
    }

    /** The counts and samples, for the summary's details, in the order the suite has always written them. */
    synchronized Map<String, Object> details(long newOrders, long rowsFromRejected, long outboxFromRejected,
            long recordsFromRejected) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("responsesByStatus", byStatus);
        details.put("acceptedOrders", accepted.size());
        details.put("newOrderRows", newOrders);
        details.put("orderRowsFromRejectedBodies", rowsFromRejected);
        details.put("outboxRowsFromRejectedBodies", outboxFromRejected);
        details.put("orderTopicRecordsFromRejectedBodies", recordsFromRejected);
        details.put("transportErrors", transportErrors);
        details.put("transportErrorSamples", transportSamples);
        details.put("oversizedUploadsCutOffByTheHttpLayer", oversizedClosed);
        details.put("serverErrorsByKind", serverErrorsByKind);
        details.put("serverErrorSamples", serverErrorSamples);
        details.put("errorsNotProblemJson", notProblemJson);
        details.put("errorsNotProblemJsonSamples", notProblemSamples);
        return details;
    }

    static String clip(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
