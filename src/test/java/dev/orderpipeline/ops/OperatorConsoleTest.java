package dev.orderpipeline.ops;

import static dev.orderpipeline.support.Shop.awaitFinal;
import static dev.orderpipeline.support.Shop.checkout;
import static dev.orderpipeline.support.Shop.newEmail;
import static dev.orderpipeline.support.Shop.newSku;
import static dev.orderpipeline.support.Shop.product;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.htmlunit.BrowserVersion;
import org.htmlunit.DefaultCredentialsProvider;
import org.htmlunit.Page;
import org.htmlunit.ScriptException;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.javascript.SilentJavaScriptErrorListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.orderpipeline.messaging.TransientFailureException;
import dev.orderpipeline.support.MailBox;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The operator console at {@code /ops}, driven like an operator would drive it: in a headless browser that runs its
 * JavaScript (HtmlUnit), logged in as the administrator, against the application and its real brokers.
 */
@QuarkusTest
class OperatorConsoleTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TestHTTPResource("/ops/")
    URL console;

    @Inject
    AgroalDataSource dataSource;

    private final List<String> scriptErrors = new CopyOnWriteArrayList<>();

    @AfterEach
    void restoreSimulator() {
        admin().contentType(ContentType.JSON).body("{\"failureRate\": null}").put("/api/payment-simulator").then().statusCode(200);
    }

    @Test
    void shouldShowThePipelineAtAGlanceAndKeepItCurrent() throws Exception {
        String sku = newSku();
        product(dataSource, sku, "2.00", 10);
        String email = newEmail();
        assertThat(awaitFinal(checkout(email, sku, 1))).isEqualTo("CONFIRMED");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(MailBox.of(email)).hasSize(1));

        try (WebClient browser = browser("admin", "admin")) {
            HtmlPage page = browser.getPage(console);
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(count(page, "emails-hour")).isGreaterThanOrEqualTo(1);
                assertThat(count(page, "emails-day")).isGreaterThanOrEqualTo(count(page, "emails-hour"));
                assertThat(count(page, "outbox-unpublished")).isGreaterThanOrEqualTo(0);
                assertThat(count(page, "orders-in-flight")).isGreaterThanOrEqualTo(0);
                assertThat(count(page, "orders-stuck")).isGreaterThanOrEqualTo(0);
                assertThat(count(page, "dead-letters-new")).isGreaterThanOrEqualTo(0);
                assertThat(text(page, "outbox-oldest")).matches("\\d+ (s|min \\d+ s|h \\d+ min)");
                assertThat(all(page, "#lag tbody tr[data-group]").stream()
                        .map(row -> ((DomElement) row).getAttribute("data-group")))
                        .contains("inventory", "payment", "checkout", "dead-letter-store");
            });
            assertThat(page.getElementById("lag-unavailable").hasAttribute("hidden")).isTrue();

            long sentBefore = count(page, "emails-day");
            String another = newEmail();
            assertThat(awaitFinal(checkout(another, sku, 1))).isEqualTo("CONFIRMED");
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(MailBox.of(another)).hasSize(1));
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(count(page, "emails-day"))
                    .as("refreshed without a reload").isGreaterThan(sentBefore));
        }
        assertThat(scriptErrors).isEmpty();
    }

    @Test
    void shouldShowADeadLetterInItsGroupAndReplayItFromThePage() throws Exception {
        String sku = newSku();
        product(dataSource, sku, "3.00", 5);
        admin().contentType(ContentType.JSON).body("{\"failureRate\": 1.0}").put("/api/payment-simulator").then().statusCode(200);
        String orderId = checkout(newEmail(), sku, 1);
        await().atMost(PATIENCE).until(() -> admin().queryParam("consumer", "payment-inventory").queryParam("status", "NEW")
                .queryParam("size", 500).get("/api/dead-letters").then().statusCode(200).extract().jsonPath()
                .getString("items.find { it.key == '" + orderId + "' }.id"), found -> found != null);
        admin().contentType(ContentType.JSON).body("{\"failureRate\": 0}").put("/api/payment-simulator").then().statusCode(200);

        try (WebClient browser = browser("admin", "admin")) {
            HtmlPage page = browser.getPage(console + "#dead-letters");
            String group = "KAFKA|inventory|payment-inventory|" + TransientFailureException.class.getName();
            HtmlElement groupRow = await().atMost(PATIENCE).until(() -> one(page, "#groups tr[data-key='" + group + "']"),
                    row -> row != null);
            assertThat(Long.parseLong(one(groupRow, ".count").getTextContent().replace(",", "")))
                    .isGreaterThanOrEqualTo(1);
            one(groupRow, "button.letters").click();

            String letterRow = "#letters tr[data-message-key='" + orderId + "']";
            HtmlElement letter = await().atMost(PATIENCE).until(() -> one(page, letterRow), row -> row != null);
            one(letter, "button.inspect").click();
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(page.getElementById("letter-payload").getTextContent()).contains(orderId);
                assertThat(one(page, "#letter-fields .field-consumer").getTextContent()).isEqualTo("payment-inventory");
                assertThat(one(page, "#letter-fields .field-reason").getTextContent()).contains("simulated payment provider failure");
                assertThat(one(page, "#letter-fields .field-status").getTextContent()).isEqualTo("NEW");
                assertThat(all(page, "#letter-headers th").stream().map(DomNode::getTextContent))
                        .contains("ce_type", "dead-letter-reason");
            });

            one(page, letterRow + " button.replay").click();
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(one(page, letterRow)).as("gone from the NEW letters").isNull();
                assertThat(one(page, "#letter-fields .field-status").getTextContent()).startsWith("REPLAYED");
                assertThat(text(page, "status")).startsWith("Replayed");
            });
        }
        assertThat(awaitFinal(orderId)).isEqualTo("CONFIRMED");
        admin().queryParam("consumer", "payment-inventory").queryParam("status", "NEW").queryParam("size", 500)
                .get("/api/dead-letters").then().statusCode(200).body("items.key", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(orderId)));
        assertThat(scriptErrors).isEmpty();
    }

    @Test
    void shouldReplayAWholeGroupOfDeadLettersFromThePage() throws Exception {
        String sku = newSku();
        product(dataSource, sku, "3.50", 5);
        admin().contentType(ContentType.JSON).body("{\"failureRate\": 1.0}").put("/api/payment-simulator").then().statusCode(200);
        List<String> orders = List.of(checkout(newEmail(), sku, 1), checkout(newEmail(), sku, 1));
        await().atMost(PATIENCE).until(() -> admin().queryParam("consumer", "payment-inventory").queryParam("status", "NEW")
                .queryParam("size", 500).get("/api/dead-letters").then().statusCode(200).extract().jsonPath()
                .getList("items.key", String.class), keys -> keys.containsAll(orders));
        admin().contentType(ContentType.JSON).body("{\"failureRate\": 0}").put("/api/payment-simulator").then().statusCode(200);

        try (WebClient browser = browser("admin", "admin")) {
            List<String> confirmations = new CopyOnWriteArrayList<>();
            browser.setConfirmHandler((page, message) -> confirmations.add(message));
            HtmlPage page = browser.getPage(console + "#dead-letters");
            String group = "#groups tr[data-key='KAFKA|inventory|payment-inventory|" + TransientFailureException.class.getName() + "']";
            await().atMost(PATIENCE).until(() -> one(page, group), row -> row != null);
            one(page, group + " button.replay-group").click();
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(text(page, "status")).matches("Replayed [1-9]\\d*, failed 0");
                assertThat(one(page, group)).as("no NEW letter left in the group").isNull();
            });
            assertThat(confirmations).singleElement().asString().contains("payment-inventory");
        }
        for (String order : orders) {
            assertThat(awaitFinal(order)).isEqualTo("CONFIRMED");
        }
        assertThat(scriptErrors).isEmpty();
    }

    @Test
    void shouldShowAnOrdersTimelineWithItsHistoryEmailsAndTraceAndSayPublishedMessagesAreNotKept() throws Exception {
        String sku = newSku();
        product(dataSource, sku, "5.00", 5);
        String email = newEmail();
        String orderId = checkout(email, sku, 2);
        assertThat(awaitFinal(orderId)).isEqualTo("CONFIRMED");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(MailBox.of(email)).hasSize(1));

        try (WebClient browser = browser("admin", "admin")) {
            HtmlPage page = browser.getPage(console + "#order");
            ((HtmlInput) page.getElementById("order-id")).type(orderId);
            page.getElementById("order-show").click();
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(text(page, "order-status")).isEqualTo("CONFIRMED");
                assertThat(text(page, "order-trace")).matches("[0-9a-f]{32}");
                assertThat(text(page, "order-customer")).isEqualTo(email);
                List<String> entries = all(page, "#timeline li").stream().map(DomNode::getTextContent).toList();
                assertThat(entries).anyMatch(entry -> entry.contains("PLACED"))
                        .anyMatch(entry -> entry.contains("STOCK_RESERVED"))
                        .anyMatch(entry -> entry.contains("CONFIRMED"))
                        .anyMatch(entry -> entry.contains("CONFIRMATION sent") && entry.contains("<order-" + orderId))
                        .noneMatch(entry -> entry.contains("published after"));
                assertThat(all(page, "#timeline li.kind-status").size()).isEqualTo(3);
                assertThat(text(page, "order-events-note")).contains("Published messages are not kept");
            });
            assertThat(page.getUrl().getRef()).isEqualTo("order/" + orderId);

            ((HtmlInput) page.getElementById("order-id")).setValue(UUID.randomUUID().toString());
            page.getElementById("order-show").click();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(text(page, "status")).contains("No order").contains("(404)"));
        }
        admin().get("/api/ops/orders/{id}/timeline", orderId).then().statusCode(200)
                .body("history.status", org.hamcrest.Matchers.contains("PLACED", "STOCK_RESERVED", "CONFIRMED"))
                .body("publishedEventsKept", org.hamcrest.Matchers.is(false))
                .body("events.publishedAt", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.nullValue()))
                .body("emails.kind", org.hamcrest.Matchers.contains("CONFIRMATION"))
                .body("traceId", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{32}"))
                .body("events.traceParent", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.startsWith("00-")));
        admin().get("/api/ops/orders/{id}/timeline", "not-an-id").then().statusCode(404).contentType("application/problem+json");
        admin().queryParam("status", "bogus").get("/api/dead-letters/groups").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("status"));
        assertThat(scriptErrors).isEmpty();
    }

    @Test
    void shouldGiveAViewerOrAnAnonymousVisitorNoData() throws Exception {
        try (WebClient browser = browser("viewer", "viewer")) {
            Page page = browser.getPage(console);
            assertThat(page.getWebResponse().getStatusCode()).isEqualTo(403);
            assertThat(page.getWebResponse().getContentAsString()).doesNotContain("ops.js");
            for (String path : List.of("ops.js", "../api/ops/overview", "../api/dead-letters/groups",
                    "../api/ops/orders/" + UUID.randomUUID() + "/timeline")) {
                assertThat(browser.getPage(new URL(console, path)).getWebResponse().getStatusCode()).as(path).isEqualTo(403);
            }
        }
        given().get("/ops/").then().statusCode(401).header("WWW-Authenticate", org.hamcrest.Matchers.equalToIgnoringCase("basic realm=\"order-pipeline\""));
        given().get("/ops").then().statusCode(401);
        given().get("/api/ops/overview").then().statusCode(401);
        viewer().get("/api/ops/overview").then().statusCode(403);
        viewer().get("/api/dead-letters/groups").then().statusCode(403);
        admin().get("/ops/").then().statusCode(200).body(containsString("ops.js"));
        admin().redirects().follow(false).get("/ops").then().statusCode(302).header("Location", org.hamcrest.Matchers.endsWith("/ops/"));
    }

    private WebClient browser(String username, String password) {
        WebClient browser = new WebClient(BrowserVersion.CHROME);
        ((DefaultCredentialsProvider) browser.getCredentialsProvider()).addCredentials(username, password.toCharArray());
        browser.getOptions().setThrowExceptionOnFailingStatusCode(false);
        browser.getOptions().setThrowExceptionOnScriptError(false);
        // HtmlUnit's engine has no fetch() of its own; its polyfill builds it on XMLHttpRequest, as browsers once did.
        browser.getOptions().setFetchPolyfillEnabled(true);
        browser.setJavaScriptErrorListener(new SilentJavaScriptErrorListener() {
            @Override
            public void scriptException(HtmlPage page, ScriptException failure) {
                scriptErrors.add(failure.getMessage());
            }
        });
        return browser;
    }

    private static HtmlElement one(DomNode node, String selector) {
        return node.querySelector(selector, node);
    }

    private static List<DomNode> all(DomNode node, String selector) {
        return node.querySelectorAll(selector, node);
    }

    private static String text(HtmlPage page, String id) {
        return page.getElementById(id).getTextContent();
    }

    private static long count(HtmlPage page, String id) {
        String shown = text(page, id).replace(",", "");
        assertThat(shown).as(id).matches("\\d+");
        return Long.parseLong(shown);
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "admin");
    }

    private static io.restassured.specification.RequestSpecification viewer() {
        return given().auth().preemptive().basic("viewer", "viewer");
    }
}
