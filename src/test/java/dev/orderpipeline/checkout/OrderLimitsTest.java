package dev.orderpipeline.checkout;

import static dev.orderpipeline.support.Shop.awaitFinal;
import static dev.orderpipeline.support.Shop.count;
import static dev.orderpipeline.support.Shop.newEmail;
import static dev.orderpipeline.support.Shop.newSku;
import static dev.orderpipeline.support.Shop.product;
import static dev.orderpipeline.support.Shop.stock;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.orderpipeline.checkout.service.CheckoutValidator;
import dev.orderpipeline.checkout.service.OrderHistory;
import dev.orderpipeline.support.MailBox;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Every order that passes validation ends, with its email, at every limit of the validation: the most lines, the
 * longest SKUs, the largest quantity, the largest price × quantity, the longest email address.
 */
@QuarkusTest
class OrderLimitsTest {

    /** The highest price a product may have ({@code ProductResource}: below 1,000,000,000, two decimals). */
    private static final String MAX_PRICE = "999999999.99";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldConfirmThenRejectOrdersOfTheMostLinesOfTheLongestSkus() {
        List<String> skus = longestSkus(CheckoutValidator.MAX_LINES);
        skus.forEach(sku -> product(dataSource, sku, "0.10", 1));
        String email = newEmail();

        String confirmed = place(email, skus, 1);
        assertThat(awaitFinal(confirmed)).isEqualTo("CONFIRMED");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(MailBox.of(email)).hasSize(1));
        assertThat(MailBox.of(email).get(0).body()).contains(skus).contains("Total: 5.00");

        // The same lines again, none left in stock: every SKU is unavailable.
        String rejected = place(email, skus, 1);
        assertThat(awaitFinal(rejected)).isEqualTo("REJECTED");
        String detail = given().get("/api/orders/{id}", rejected).then().statusCode(200).extract().path("history[-1].detail");
        assertThat(detail).hasSizeLessThanOrEqualTo(OrderHistory.MAX_DETAIL).startsWith("not enough stock: " + skus.get(0))
                .endsWith(" more");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(MailBox.of(email))
                .anySatisfy(mail -> assertThat(mail.subject()).contains(rejected).contains("could not be accepted")));
        assertThat(count(dataSource, "select count(*) from dead_letter where message_key = any (?::text[])",
                "{" + confirmed + "," + rejected + "}")).isZero();
    }

    @Test
    void shouldConfirmTheLargestQuantityAtExactlyThePaymentLimit() {
        String sku = newSku();
        // 1,000 × 5.00 = 5000.00, payment.simulator.decline-above: the largest amount still captured.
        product(dataSource, sku, "5.00", CheckoutValidator.MAX_QUANTITY);
        String email = newEmail();

        String id = place(email, List.of(sku), CheckoutValidator.MAX_QUANTITY);

        assertThat(awaitFinal(id)).isEqualTo("CONFIRMED");
        assertThat(stock(sku)).isZero();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(MailBox.of(email))
                .singleElement().satisfies(mail -> assertThat(mail.body()).contains("Total: 5000.00")));
    }

    @Test
    void shouldDeclineTheLargestPriceTimesQuantityAndReleaseTheStock() {
        List<String> skus = IntStream.range(0, CheckoutValidator.MAX_LINES).mapToObj(i -> newSku()).toList();
        skus.forEach(sku -> product(dataSource, sku, MAX_PRICE, CheckoutValidator.MAX_QUANTITY));
        String email = newEmail();

        String id = place(email, skus, CheckoutValidator.MAX_QUANTITY);

        assertThat(count(dataSource, "select count(*) from customer_order where id = ?::uuid and total = 49999999999500.00", id))
                .isEqualTo(1);
        assertThat(awaitFinal(id)).isEqualTo("PAYMENT_FAILED");
        await().atMost(Duration.ofSeconds(30)).until(() -> stock(skus.get(0)) == CheckoutValidator.MAX_QUANTITY);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(MailBox.of(email))
                .singleElement().satisfies(mail -> assertThat(mail.subject()).contains("payment failed")));
    }

    @Test
    void shouldConfirmAnOrderForTheLongestValidEmailAddress() {
        String email = longestEmail();
        assertThat(email).hasSize(CheckoutValidator.MAX_EMAIL);
        String sku = newSku();
        product(dataSource, sku, "1.00", 5);

        String id = place(email, List.of(sku), 1);

        assertThat(awaitFinal(id)).isEqualTo("CONFIRMED");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(MailBox.of(email))
                .singleElement().satisfies(mail -> assertThat(mail.to()).isEqualToIgnoringCase(email)));
    }

    @Test
    void shouldRefuseALocalPartLongerThanSmtpAllows() {
        String email = "l".repeat(CheckoutValidator.MAX_EMAIL_LOCAL_PART + 1) + "@example.com";
        given().contentType(ContentType.JSON)
                .body(Map.of("customerEmail", email, "items", List.of(Map.of("sku", newSku(), "quantity", 1))))
                .post("/api/orders").then().statusCode(400).contentType("application/problem+json");
    }

    private static String place(String email, List<String> skus, int quantity) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("customerEmail", email,
                        "items", skus.stream().map(sku -> Map.of("sku", sku, "quantity", quantity)).toList()))
                .post("/api/orders").then().statusCode(202).extract().path("id");
    }

    /** SKUs of the longest valid length (64), distinct in their first characters too. */
    private static List<String> longestSkus(int count) {
        String run = UUID.randomUUID().toString();
        return IntStream.range(0, count).mapToObj(i -> (run + "-" + i + "-").concat("x".repeat(64)).substring(0, 64)).toList();
    }

    /** A 64-character local part and a domain of 63-character labels, 254 characters in all, unique per run. */
    private static String longestEmail() {
        String local = (UUID.randomUUID().toString().replace("-", "") + "l".repeat(64)).substring(0, CheckoutValidator.MAX_EMAIL_LOCAL_PART);
        int domainLength = CheckoutValidator.MAX_EMAIL - local.length() - 1;
        StringBuilder domain = new StringBuilder();
        while (domain.length() + 4 < domainLength) {
            int label = Math.min(63, domainLength - 4 - domain.length() - (domain.isEmpty() ? 0 : 1));
            if (label <= 0) {
                break;
            }
            domain.append(domain.isEmpty() ? "" : ".").append("d".repeat(label));
        }
        return local + "@" + domain + ".com";
    }
}
