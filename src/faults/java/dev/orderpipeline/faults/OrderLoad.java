package dev.orderpipeline.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Places orders at a steady rate, the way a careful client does: every order has its own Idempotency-Key, and an
 * order whose request failed (connection refused or reset, 503, any 5xx) is sent again with the same key until it
 * is accepted, so that the client ends knowing the id of every order it placed. A 503 is retried after its
 * Retry-After. Every response other than 202 is counted and classified.
 */
final class OrderLoad {

    /** One order to place: its JSON body and its key. */
    record Spec(int index, String idempotencyKey, String body) {
    }

    /** A response worth showing in a report. */
    record Sample(int status, String contentType, String retryAfter, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final Supplier<List<String>> targets;
    private final List<Spec> specs;
    private final double ratePerSecond;
    private final Duration giveUpAfter;
    private final ExecutorService retryExecutor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "faults-load-retry");
        thread.setDaemon(true);
        return thread;
    });

    final AtomicInteger dispatched = new AtomicInteger();
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger replayedAccepts = new AtomicInteger();
    final AtomicInteger connectionErrors = new AtomicInteger();
    final AtomicInteger unavailable503 = new AtomicInteger();
    final AtomicInteger malformed503 = new AtomicInteger();
    final AtomicInteger other5xx = new AtomicInteger();
    final AtomicInteger unexpected4xx = new AtomicInteger();
    final AtomicInteger gaveUp = new AtomicInteger();
    final Map<Integer, UUID> acceptedIds = new ConcurrentHashMap<>();
    final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> pending = Collections.synchronizedList(new ArrayList<>());
    private Thread dispatcher;
    private long startedNanos;
    private long endedNanos;

    OrderLoad(HttpClient client, Supplier<List<String>> targets, List<Spec> specs, double ratePerSecond, Duration giveUpAfter) {
        this.client = client;
        this.targets = targets;
        this.specs = specs;
        this.ratePerSecond = ratePerSecond;
        this.giveUpAfter = giveUpAfter;
    }

    /** Starts placing orders at the steady rate, in the background. */
    void start() {
        startedNanos = System.nanoTime();
        dispatcher = new Thread(() -> {
            long periodNanos = (long) (1_000_000_000L / ratePerSecond);
            for (Spec spec : specs) {
                long due = startedNanos + spec.index() * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                CompletableFuture<Void> done = new CompletableFuture<>();
                pending.add(done);
                dispatched.incrementAndGet();
                attempt(spec, 0, System.nanoTime() + giveUpAfter.toNanos(), done);
            }
        }, "faults-load-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /** Blocks until at least {@code count} orders were sent for the first time. */
    void awaitDispatched(int count) throws InterruptedException {
        while (dispatched.get() < Math.min(count, specs.size())) {
            if (!dispatcher.isAlive() && dispatched.get() < count) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** Waits for every order to be accepted (or given up on). */
    void awaitDone(Duration timeout) throws Exception {
        dispatcher.join(timeout.toMillis());
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        endedNanos = System.nanoTime();
        retryExecutor.shutdown();
    }

    Duration elapsed() {
        return Duration.ofNanos((endedNanos == 0 ? System.nanoTime() : endedNanos) - startedNanos);
    }

    private void attempt(Spec spec, int attempt, long deadline, CompletableFuture<Void> done) {
        List<String> bases = targets.get();
        String base = bases.get((spec.index() + attempt) % bases.size());
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/orders"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", spec.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofString(spec.body()))
                .build();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            long retryInMillis;
            if (failure != null) {
                connectionErrors.incrementAndGet();
                retryInMillis = 500;
            } else if (response.statusCode() == 202) {
                accepted(spec, response);
                done.complete(null);
                return;
            } else if (response.statusCode() == 503) {
                unavailable503.incrementAndGet();
                Optional<String> retryAfter = response.headers().firstValue("Retry-After");
                String type = response.headers().firstValue("Content-Type").orElse("");
                boolean wellFormed = retryAfter.map(OrderLoad::seconds).orElse(-1L) >= 0
                        && type.startsWith("application/problem+json") && problemStatus(response.body()) == 503;
                if (!wellFormed) {
                    malformed503.incrementAndGet();
                    sample(response);
                }
                retryInMillis = retryAfter.map(OrderLoad::seconds).filter(s -> s >= 0).orElse(1L) * 1000;
            } else if (response.statusCode() >= 500) {
                other5xx.incrementAndGet();
                sample(response);
                retryInMillis = 1000;
            } else {
                unexpected4xx.incrementAndGet();
                sample(response);
                done.complete(null);
                return;
            }
            if (System.nanoTime() + retryInMillis * 1_000_000 > deadline) {
                gaveUp.incrementAndGet();
                done.complete(null);
                return;
            }
            CompletableFuture.delayedExecutor(retryInMillis, TimeUnit.MILLISECONDS, retryExecutor)
                    .execute(() -> attempt(spec, attempt + 1, deadline, done));
        });
    }

    private void accepted(Spec spec, HttpResponse<String> response) {
        try {
            JsonNode body = JSON.readTree(response.body());
            acceptedIds.put(spec.index(), UUID.fromString(body.get("id").asText()));
            accepted.incrementAndGet();
            if (response.headers().firstValue("Idempotent-Replayed").orElse("false").equals("true")) {
                replayedAccepts.incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            samples.add(new Sample(202, "unparseable 202 body", null, String.valueOf(response.body())));
        }
    }

    private void sample(HttpResponse<String> response) {
        if (samples.size() < 20) {
            String body = response.body() == null ? "" : response.body();
            samples.add(new Sample(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null), body.length() > 300 ? body.substring(0, 300) : body));
        }
    }

    private static int problemStatus(String body) {
        try {
            return JSON.readTree(body).path("status").asInt(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static long seconds(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
