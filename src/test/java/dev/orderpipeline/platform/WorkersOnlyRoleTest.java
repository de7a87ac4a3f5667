package dev.orderpipeline.platform;

import static dev.orderpipeline.support.Management.management;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The workers role alone: no REST endpoint answers, the consumers run. */
@QuarkusTest
@TestProfile(WorkersOnlyRoleTest.WorkersOnly.class)
class WorkersOnlyRoleTest {

    /** An instance of the workers role only. */
    public static class WorkersOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("app.role.api.enabled", "false");
        }
    }

    @Test
    void shouldServeNoApiButRunTheConsumers() {
        given().get("/api/products").then().statusCode(404);
        given().contentType("application/json").body("{}").post("/api/orders").then().statusCode(404);
        management().get("/q/health/ready").then()
                .body("checks.find { it.name == 'Kafka consumers' }.data.keySet()", hasItem("inventory-orders"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> management().get("/q/health/ready").then()
                .body("checks.find { it.name == 'AMQP queue consumers' }.data.'email-commands'", equalTo("connected")));
    }
}
