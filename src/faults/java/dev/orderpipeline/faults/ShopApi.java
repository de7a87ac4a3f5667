package dev.orderpipeline.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.orderpipeline.harness.AppProcess;
import dev.orderpipeline.harness.Jdbc;

/**
 * The application's HTTP endpoints as the suite uses them besides the load: a product created as the admin and
 * waited for until inventory and checkout both hold it, a single order, and an instance's metrics and readiness.
 */
final class ShopApi {

    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = AppProcess.newAdminPassword();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Jdbc db;
    private final AppProcess app;

    ShopApi(HttpClient http, Jdbc db, AppProcess app) {
        this.http = http;
        this.db = db;
        this.app = app;
    }

    /** Creates a product through the admin API and waits until inventory and checkout both hold it. */
    void product(String sku, String price, int stock) throws Exception {
        String body = "{\"name\":\"Fault suite " + sku + "\",\"price\":" + price + ",\"stock\":" + stock + "}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/products/" + sku))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", basicAuth())
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        // 202: stored, not yet in every catalog copy (Catalog-Propagation: pending); waited for below.
        assertThat(response.statusCode()).as("PUT product %s: %s", sku, response.body()).isIn(200, 202);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (db.count("""
                select count(*) from catalog_product c join inventory_item i on i.sku = c.sku and i.catalog_version = c.version
                join checkout_price p on p.sku = c.sku and p.catalog_version = c.version where c.sku = ?""", sku) != 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Product " + sku + " did not reach inventory and checkout in 2 minutes");
            }
            Thread.sleep(200);
        }
    }

    UUID placeOne(String email, String sku, int quantity) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/orders"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"customerEmail\":\"" + email + "\",\"items\":[" + item(sku, quantity) + "]}"))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("checkout: %s", response.body()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("id").asText());
    }

    /** Sums the application's messaging_messages_total counters of one outcome (processed, duplicate, ...). */
    long metric(AppProcess instance, String outcome) {
        try {
            HttpResponse<String> response = get(instance.managementUrl() + "/q/metrics");
            double sum = 0;
            for (String sample : response.body().split("\n")) {
                // An exemplar may follow the value: "... 12.0 # {trace_id=...} 1.0 1796211416.422".
                String line = sample.contains(" # ") ? sample.substring(0, sample.indexOf(" # ")) : sample;
                if (line.startsWith("messaging_messages_total{") && line.contains("outcome=\"" + outcome + "\"")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return (long) sum;
        } catch (Exception e) {
            return -1;
        }
    }

    String readiness(AppProcess instance) {
        try {
            HttpResponse<String> response = get(instance.managementUrl() + "/q/health/ready");
            return response.statusCode() + " " + response.body().replaceAll("\\s+", " ");
        } catch (Exception e) {
            return "unreachable: " + e;
        }
    }

    boolean ready(AppProcess instance) throws IOException, InterruptedException {
        return get(instance.managementUrl() + "/q/health/ready").statusCode() == 200;
    }

    static String item(String sku, int quantity) {
        return "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}";
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String basicAuth() {
        return "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }
}
