package dev.orderpipeline.platform;

import static dev.orderpipeline.support.Management.management;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.orderpipeline.localstack.LocalStackControl;
import io.quarkus.test.junit.QuarkusTest;

/** Readiness is honest: DOWN with a reason while the database is away, UP again once it is back. */
@QuarkusTest
class ReadinessTest {

    @Test
    void shouldReportNotReadyWhileTheDatabaseIsStopped() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                management().get("/q/health/ready").then().statusCode(200));

        LocalStackControl.stop("postgres");
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> management().get("/q/health/ready").then()
                    .statusCode(503)
                    .body("status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'Database connections health check' }.data.keySet()", hasItem("<default>")));
        } finally {
            LocalStackControl.start("postgres");
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> management().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP")));
    }
}
