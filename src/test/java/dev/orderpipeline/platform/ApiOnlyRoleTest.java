package dev.orderpipeline.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The api role alone: REST endpoints served, no consumer channel opened, readiness independent of brokers and SMTP. */
@QuarkusTest
@TestProfile(ApiOnlyRoleTest.ApiOnly.class)
class ApiOnlyRoleTest {

    /** An instance of the api role only. */
    public static class ApiOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("app.role.workers.enabled", "false");
        }
    }

    @Test
    void shouldServeTheApiWithoutOpeningConsumers() {
        given().get("/api/products").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'SMTP server' }.data.sender", equalTo("not this instance's role"))
                .body("checks.find { it.name == 'Outbox relay' }.data.relay", equalTo("not this instance's role"))
                .body("checks.find { it.name == 'AMQP queue consumers' }.data.consumers", equalTo("not this instance's role"));
        Map<String, Object> channels = given().get("/q/health/ready").then().extract().jsonPath()
                .getMap("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data");
        assertThat(channels == null ? Map.of() : channels).doesNotContainKeys("inventory-orders", "email-commands",
                "outbox-kafka", "outbox-amqp", "dead-letters-kafka");
    }
}
