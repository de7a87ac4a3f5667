package dev.orderpipeline.catalog;

import static dev.orderpipeline.support.Management.management;
import static dev.orderpipeline.support.Shop.awaitFinal;
import static dev.orderpipeline.support.Shop.newEmail;
import static dev.orderpipeline.support.Shop.newSku;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.orderpipeline.catalog.rest.ProductResource;
import dev.orderpipeline.catalog.service.CatalogPropagation;
import dev.orderpipeline.localstack.LocalStackControl;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** A product is orderable when its PUT returns; readiness waits for the products an instance must serve from the start. */
@QuarkusTest
class ProductPropagationTest {

    private static final String CHECK = "checks.find { it.name == 'Catalog propagation' }";

    @Inject
    CatalogPropagation propagation;

    @Test
    void shouldAcceptAnOrderPlacedTheMomentTheProductPutReturns() {
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String sku = newSku();
            put(sku, "2.50", 3).statusCode(200).header(ProductResource.PROPAGATION_HEADER, "complete");
            orders.add(given().contentType(ContentType.JSON)
                    .body(Map.of("customerEmail", newEmail(), "items", List.of(Map.of("sku", sku, "quantity", 3))))
                    .post("/api/orders").then().statusCode(202).extract().path("id"));
        }
        orders.forEach(id -> assertThat(awaitFinal(id)).isEqualTo("CONFIRMED"));
    }

    @Test
    void shouldAnswer202PendingWhenTheCopiesCannotCatchUpInTime() {
        String sku = newSku();
        LocalStackControl.stop("kafka");
        try {
            put(sku, "1.00", 1).statusCode(202).header(ProductResource.PROPAGATION_HEADER, "pending")
                    .body("sku", equalTo(sku));
        } finally {
            LocalStackControl.start("kafka");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> propagation.orderable(sku, 1));
    }

    @Test
    void shouldBeReadyOnlyOnceTheProductsAwaitedAtStartAreOrderable() {
        String sku = newSku();
        propagation.awaitBeforeReady(sku, 1);

        management().get("/q/health/ready").then().statusCode(503)
                .body(CHECK + ".status", equalTo("DOWN"))
                .body(CHECK + ".data.notYetOrderable", containsString(sku));

        put(sku, "4.00", 2).statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> management().get("/q/health/ready").then()
                .body(CHECK + ".status", equalTo("UP")));
    }

    private static ValidatableResponse put(String sku, String price, int stock) {
        return given().auth().preemptive().basic("admin", "admin").contentType(ContentType.JSON)
                .body(Map.of("name", "Product " + sku, "price", new BigDecimal(price), "stock", stock))
                .put("/api/products/{sku}", sku).then();
    }
}
