package dev.orderpipeline.checkout;

import static dev.orderpipeline.support.Shop.count;
import static dev.orderpipeline.support.Shop.newSku;
import static dev.orderpipeline.support.Shop.product;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** Bad input gets a 4xx problem+json naming the field, and nothing is stored. */
@QuarkusTest
class CheckoutValidationTest {

    private static final String SKU = "VALID-SKU";

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void knownProduct() {
        if (count(dataSource, "select count(*) from checkout_price where sku = ?", SKU) == 0) {
            product(dataSource, SKU, "1.00", 1000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON       | 400 | body            | {\"customerEmail\": ",
            "missing email        | 400 | customerEmail   | {\"items\":[{\"sku\":\"VALID-SKU\",\"quantity\":1}]}",
            "invalid email        | 400 | customerEmail   | {\"customerEmail\":\"not-an-email\",\"items\":[{\"sku\":\"VALID-SKU\",\"quantity\":1}]}",
            "empty items          | 400 | items           | {\"customerEmail\":\"a@example.com\",\"items\":[]}",
            "zero quantity        | 400 | items[0].quantity | {\"customerEmail\":\"a@example.com\",\"items\":[{\"sku\":\"VALID-SKU\",\"quantity\":0}]}",
            "negative quantity    | 400 | items[0].quantity | {\"customerEmail\":\"a@example.com\",\"items\":[{\"sku\":\"VALID-SKU\",\"quantity\":-5}]}",
            "too large quantity   | 400 | items[0].quantity | {\"customerEmail\":\"a@example.com\",\"items\":[{\"sku\":\"VALID-SKU\",\"quantity\":1001}]}",
            "absurd quantity      | 400 | items[0].quantity | {\"customerEmail\":\"a@example.com\",\"items\":[{\"sku\":\"VALID-SKU\",\"quantity\":99999999999999}]}",
            "quantity as text     | 400 | items[0].quantity | {\"customerEmail\":\"a@example.com\",\"items\":[{\"sku\":\"VALID-SKU\",\"quantity\":\"two\"}]}",
            "unknown SKU          | 422 | items[0].sku    | {\"customerEmail\":\"a@example.com\",\"items\":[{\"sku\":\"NO-SUCH-SKU\",\"quantity\":1}]}",
            "duplicate SKUs       | 400 | items[1].sku    | {\"customerEmail\":\"a@example.com\",\"items\":[{\"sku\":\"VALID-SKU\",\"quantity\":1},{\"sku\":\"VALID-SKU\",\"quantity\":2}]}",
            "unknown field        | 400 | coupon          | {\"customerEmail\":\"a@example.com\",\"coupon\":\"X\",\"items\":[{\"sku\":\"VALID-SKU\",\"quantity\":1}]}",
            "items not a list     | 400 | items           | {\"customerEmail\":\"a@example.com\",\"items\":{\"sku\":\"VALID-SKU\"}}",
            "duplicate key        | 400 | body            | {\"customerEmail\":\"a@example.com\",\"customerEmail\":\"b@example.com\",\"items\":[{\"sku\":\"VALID-SKU\",\"quantity\":1}]}",
    })
    void shouldRefuseBadInputWithAProblemNamingTheField(String name, int status, String field, String body) {
        long ordersBefore = count(dataSource, "select count(*) from customer_order");
        var response = given().contentType(ContentType.JSON).body(body).post("/api/orders").then()
                .statusCode(status)
                .contentType("application/problem+json")
                .extract();
        if (!field.equals("body")) {
            assertThat(response.jsonPath().getList("errors.field", String.class)).contains(field);
        }
        assertThat(count(dataSource, "select count(*) from customer_order")).isEqualTo(ordersBefore);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = { "too many lines | 51", "oversized body | 3000" })
    void shouldRefuseOversizedOrders(String name, int lines) {
        long ordersBefore = count(dataSource, "select count(*) from customer_order");
        String items = IntStream.range(0, lines).mapToObj(i -> "{\"sku\":\"" + newSku() + "\",\"quantity\":1}")
                .collect(Collectors.joining(","));
        int status = lines > 100 ? 413 : 400;
        var response = given().contentType(ContentType.JSON).body("{\"customerEmail\":\"a@example.com\",\"items\":[" + items + "]}")
                .post("/api/orders").then().statusCode(status).contentType("application/problem+json");
        if (status == 400) {
            response.body("errors.field", hasItem("items"));
        }
        assertThat(count(dataSource, "select count(*) from customer_order")).isEqualTo(ordersBefore);
    }

    @Test
    void shouldAnswerAProblemToABodyAboveTheHttpLimitWithoutReadingIt() throws Exception {
        long ordersBefore = count(dataSource, "select count(*) from customer_order");
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 5000000\r\n\r\n{\"customerEmail\":").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("\"status\":413");
        }
        assertThat(count(dataSource, "select count(*) from customer_order")).isEqualTo(ordersBefore);
    }

    @Test
    void shouldAnswerAnOversizedUploadBeforeItsBodyAndKeepTheConnection() throws Exception {
        int length = 200_000;
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            out.write(("POST /api/orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("HTTP/1.1 413");
            skipResponse(in);
            out.write(new byte[length]);
            out.write("GET /api/products HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("HTTP/1.1 200");
        }
    }

    /** Reads one response's headers and its Content-Length body. */
    private static void skipResponse(java.io.BufferedReader in) throws java.io.IOException {
        int contentLength = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                contentLength = Integer.parseInt(line.substring(15).trim());
            }
        }
        for (int i = 0; i < contentLength; i++) {
            in.read();
        }
    }
}
