package dev.orderpipeline.platform;

import static dev.orderpipeline.support.Shop.awaitFinal;
import static dev.orderpipeline.support.Shop.checkout;
import static dev.orderpipeline.support.Shop.newEmail;
import static dev.orderpipeline.support.Shop.newSku;
import static dev.orderpipeline.support.Shop.product;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.orderpipeline.messaging.MessageTracing;
import dev.orderpipeline.support.MailBox;
import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** One trace per order across every hop, on the real brokers: checkout, relay, consumers, email worker, SMTP, replay. */
@QuarkusTest
class PipelineTracingTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    InMemorySpanExporter spans;

    @BeforeEach
    void forgetEarlierSpans() {
        spans.reset();
    }

    @AfterEach
    void restoreSimulator() {
        admin().contentType(ContentType.JSON).body("{\"failureRate\": null}").put("/api/payment-simulator").then().statusCode(200);
    }

    @Test
    void shouldCarryAnOrderThroughEveryHopInTheTraceOfItsCheckout() {
        String sku = newSku();
        product(dataSource, sku, "4.00", 5);
        String email = newEmail();

        String id = checkout(email, sku, 1);

        assertThat(awaitFinal(id)).isEqualTo("CONFIRMED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MailBox.of(email)).hasSize(1));
        String traceId = traceIdOf(id);
        Map<String, SpanData> trace = await().atMost(Duration.ofSeconds(60)).until(() -> spansOf(traceId),
                found -> found.containsKey("smtp send") && found.containsKey("process inventory-payments"));

        SpanData checkout = trace.get("POST /api/orders");
        assertThat(checkout.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(checkout.getParentSpanContext().isValid()).isFalse();
        // Each consumer is a child of the span that wrote the message it handles (the context stored in the row).
        assertThat(parentOf(trace, "publish orders")).isEqualTo("POST /api/orders");
        assertThat(parentOf(trace, "process inventory-orders")).isEqualTo("POST /api/orders");
        assertThat(parentOf(trace, "publish inventory")).isEqualTo("process inventory-orders");
        assertThat(parentOf(trace, "process payment-inventory")).isEqualTo("process inventory-orders");
        assertThat(parentOf(trace, "process checkout-inventory")).isEqualTo("process inventory-orders");
        assertThat(parentOf(trace, "publish payments")).isEqualTo("process payment-inventory");
        assertThat(parentOf(trace, "process checkout-payments")).isEqualTo("process payment-inventory");
        assertThat(parentOf(trace, "process inventory-payments")).isEqualTo("process payment-inventory");
        assertThat(parentOf(trace, "publish email-commands")).isEqualTo("process checkout-payments");
        assertThat(parentOf(trace, "process email-commands")).isEqualTo("process checkout-payments");
        assertThat(parentOf(trace, "smtp send")).isEqualTo("process email-commands");
        assertThat(trace.get("process inventory-orders").getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(trace.get("publish orders").getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(trace.values()).noneMatch(span -> span.getName().contains("select") || span.getName().contains("insert"));
    }

    @Test
    void shouldLinkAReplayedDeadLetterToTheTraceItFailedIn() {
        String sku = newSku();
        product(dataSource, sku, "3.00", 5);
        admin().contentType(ContentType.JSON).body("{\"failureRate\": 1.0}").put("/api/payment-simulator").then().statusCode(200);
        String id = checkout(newEmail(), sku, 1);
        String orderTrace = traceIdOf(id);
        String deadLetterId = awaitDeadLetterOf(id, "payment-inventory");
        String failedIn = admin().get("/api/dead-letters/{id}", deadLetterId).then().statusCode(200).extract().path("traceparent");
        assertThat(failedIn).startsWith("00-" + orderTrace + "-");
        admin().contentType(ContentType.JSON).body("{\"failureRate\": 0}").put("/api/payment-simulator").then().statusCode(200);

        admin().post("/api/dead-letters/{id}/replay", deadLetterId).then().statusCode(200);

        assertThat(awaitFinal(id)).isEqualTo("CONFIRMED");
        // Other tests replay too: this replay is the one linked to this order's trace.
        SpanData replay = await().atMost(Duration.ofSeconds(60)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals("replay inventory"))
                .filter(span -> span.getLinks().stream().anyMatch(link -> link.getSpanContext().getTraceId().equals(orderTrace)))
                .findFirst().orElse(null), span -> span != null);
        assertThat(replay.getLinks()).singleElement().satisfies(link -> {
            assertThat(link.getSpanContext().getTraceId()).isEqualTo(orderTrace);
            assertThat(failedIn).contains(link.getSpanContext().getSpanId());
        });
        Map<String, SpanData> replayTrace = await().atMost(Duration.ofSeconds(60)).until(() -> spansOf(replay.getTraceId()),
                found -> found.containsKey("process payment-inventory"));
        assertThat(parentOf(replayTrace, "replay inventory")).isEqualTo("POST /api/dead-letters/{id}/replay");
        assertThat(parentOf(replayTrace, "process payment-inventory")).isEqualTo("replay inventory");
    }

    @Test
    void shouldNameTheTraceAndTheSubjectOnTheLogLinesOfAMessageBeingHandled() {
        List<LogLine> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                // The MDC is read while the line is logged, on the thread that logs it.
                if (record instanceof ExtLogRecord line && line.getFormattedMessage().contains("dead-letters a message")) {
                    lines.add(new LogLine(line.getMdc("traceId"), line.getMdc(MessageTracing.SUBJECT_MDC)));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger messaging = java.util.logging.Logger.getLogger("dev.orderpipeline.messaging");
        messaging.addHandler(capture);
        try {
            String sku = newSku();
            product(dataSource, sku, "3.00", 5);
            admin().contentType(ContentType.JSON).body("{\"failureRate\": 1.0}").put("/api/payment-simulator").then().statusCode(200);
            String id = checkout(newEmail(), sku, 1);
            String orderTrace = traceIdOf(id);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(lines)
                    .contains(new LogLine(orderTrace, id)));
        } finally {
            messaging.removeHandler(capture);
        }
    }

    /** What a log line said about its context. */
    private record LogLine(String traceId, String subject) {
    }

    /**
     * The trace id the checkout recorded with the order: every message of the order carries that trace (the outbox
     * rows' own contexts are gone once published, app.outbox.keep-published=false).
     */
    private String traceIdOf(String orderId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(
                    "select trace_id from customer_order where id = ?::uuid")) {
                statement.setString(1, orderId);
                try (ResultSet result = statement.executeQuery()) {
                    return result.next() ? result.getString(1) : null;
                }
            }
        }, traceId -> traceId != null);
    }

    /** The finished spans of one trace by name (each name once in an order's trace). */
    private Map<String, SpanData> spansOf(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId))
                .collect(Collectors.toMap(SpanData::getName, Function.identity(), (first, second) -> first));
    }

    private static String parentOf(Map<String, SpanData> trace, String name) {
        assertThat(trace).as("spans of the trace").containsKey(name);
        String parentId = trace.get(name).getParentSpanId();
        return trace.values().stream().filter(span -> span.getSpanId().equals(parentId)).map(SpanData::getName)
                .findFirst().orElse("(none: " + parentId + ")");
    }

    private String awaitDeadLetterOf(String key, String consumer) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> admin()
                .queryParam("size", 500).get("/api/dead-letters").then().extract()
                .jsonPath().getString("items.find { it.key == '" + key + "' && it.consumer == '" + consumer + "' }.id"),
                letter -> letter != null);
    }

    private static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "admin");
    }
}
