package dev.orderpipeline.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.restassured.http.ContentType;

/** Test helpers that act like a shop's users: products, checkouts, and reading what the database holds. */
public final class Shop {

    public static final String ADMIN = "admin";

    private Shop() {
    }

    /** A fresh SKU, so tests do not share stock. */
    public static String newSku() {
        return "T-" + UUID.randomUUID().toString().substring(0, 12);
    }

    public static String newEmail() {
        return "buyer-" + UUID.randomUUID() + "@example.com";
    }

    /** Creates a product and waits until inventory and checkout both hold its stock and price. */
    public static void product(DataSource dataSource, String sku, String price, int stock) {
        given().auth().preemptive().basic(ADMIN, ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "Test " + sku, "price", new BigDecimal(price), "stock", stock))
                .put("/api/products/{sku}", sku).then().statusCode(org.hamcrest.Matchers.oneOf(200, 202));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count(dataSource, "select count(*) from checkout_price where sku = ?", sku) == 1
                        && count(dataSource, "select count(*) from inventory_item where sku = ? and available = " + stock, sku) == 1);
    }

    public static String checkout(String email, String sku, int quantity) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("customerEmail", email, "items", java.util.List.of(Map.of("sku", sku, "quantity", quantity))))
                .post("/api/orders").then().statusCode(202).extract().path("id");
    }

    public static String status(String orderId) {
        return given().get("/api/orders/{id}", orderId).then().statusCode(200).extract().path("status");
    }

    public static String awaitFinal(String orderId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            String status = status(orderId);
            return status.equals("CONFIRMED") || status.equals("REJECTED") || status.equals("PAYMENT_FAILED");
        });
        return status(orderId);
    }

    public static int stock(String sku) {
        return given().get("/api/products/{sku}", sku).then().statusCode(200).extract().path("stock");
    }

    public static long count(DataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
