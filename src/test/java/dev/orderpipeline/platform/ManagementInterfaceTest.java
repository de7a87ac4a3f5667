package dev.orderpipeline.platform;

import static dev.orderpipeline.support.Management.management;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Health and metrics answer on the management interface only, never on the public HTTP port. */
@QuarkusTest
class ManagementInterfaceTest {

    @Test
    void shouldServeHealthAndMetricsOnTheManagementPortOnly() {
        management().get("/q/health/live").then().statusCode(200);
        management().get("/q/metrics").then().statusCode(200).body(containsString("outbox_backlog_messages"));

        given().get("/q/health/live").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
    }
}
