package dev.orderpipeline.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/** The shop's REST API as the benchmark uses it: products as the administrator, checkouts as customers. */
final class ShopClient {

    /** A checkout's outcome: the order id on 202, else the status. */
    record Checkout(int status, String orderId) {
        boolean accepted() {
            return status == 202 && orderId != null;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String recipient;
    private final List<String> skus = new ArrayList<>();

    ShopClient(String baseUrl, String recipient) {
        this.baseUrl = baseUrl;
        this.recipient = recipient;
    }

    /** Creates a product; its stock is large enough never to run out during the run. */
    void product(String sku, String price, int stock, String adminPassword) throws IOException, InterruptedException {
        String auth = Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/products/" + sku))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\": \"Bench " + sku + "\", \"price\": " + price
                        + ", \"stock\": " + stock + "}"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        // 202: stored, not yet orderable everywhere (Catalog-Propagation: pending); the benchmark waits for that itself.
        if (response.statusCode() != 200 && response.statusCode() != 202) {
            throw new IllegalStateException("PUT /api/products/" + sku + " answered " + response.statusCode() + ": " + response.body());
        }
        skus.add(sku);
    }

    Checkout checkout() throws IOException, InterruptedException {
        return result(client.send(checkoutRequest(), HttpResponse.BodyHandlers.discarding()));
    }

    CompletableFuture<Checkout> checkoutAsync() {
        return client.sendAsync(checkoutRequest(), HttpResponse.BodyHandlers.discarding()).thenApply(ShopClient::result);
    }

    /** One to three different products, one to three of each, with an idempotency key as a careful client sends. */
    private HttpRequest checkoutRequest() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<String> chosen = new ArrayList<>(skus);
        java.util.Collections.shuffle(chosen, random);
        int lines = 1 + random.nextInt(Math.min(3, chosen.size()));
        StringBuilder body = new StringBuilder("{\"customerEmail\": \"").append(recipient).append("\", \"items\": [");
        for (int i = 0; i < lines; i++) {
            body.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "{\"sku\": \"%s\", \"quantity\": %d}",
                    chosen.get(i), 1 + random.nextInt(3)));
        }
        body.append("]}");
        return HttpRequest.newBuilder(URI.create(baseUrl + "/api/orders"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .timeout(Duration.ofSeconds(30)).build();
    }

    private static Checkout result(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location").orElse(null);
        String id = location == null ? null : location.substring(location.lastIndexOf('/') + 1);
        return new Checkout(response.statusCode(), id);
    }
}
