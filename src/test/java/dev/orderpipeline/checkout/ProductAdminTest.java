package dev.orderpipeline.checkout;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.orderpipeline.support.Shop;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Product administration needs the admin role; bad product bodies get problem+json. */
@QuarkusTest
class ProductAdminTest {

    @Test
    void shouldRefuseProductChangesWithoutCredentials() {
        given().contentType(ContentType.JSON).body(Map.of("name", "X", "price", 1, "stock", 1))
                .put("/api/products/{sku}", Shop.newSku()).then().statusCode(401);
        given().auth().preemptive().basic("admin", "wrong").contentType(ContentType.JSON)
                .body(Map.of("name", "X", "price", 1, "stock", 1))
                .put("/api/products/{sku}", Shop.newSku()).then().statusCode(401);
    }

    @Test
    void shouldRefuseAnInvalidProduct() {
        given().auth().preemptive().basic("admin", "admin").contentType(ContentType.JSON)
                .body(Map.of("name", "", "price", new BigDecimal("-1"), "stock", -3))
                .put("/api/products/{sku}", Shop.newSku()).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", equalTo(java.util.List.of("name", "price", "stock")));
    }
}
