package dev.orderpipeline.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The API description at {@code /q/openapi} describes every operation of every REST resource in the code, each with
 * its problem answers, and the checkout with its examples.
 */
@QuarkusTest
class OpenApiTest {

    @Test
    void shouldDescribeEveryOperationOfEveryResourceWithItsProblems() throws Exception {
        JsonPath document = openApi();
        List<String> operations = resourceOperations();
        assertThat(operations).as("the REST resources found in the code").hasSizeGreaterThan(10);
        for (String operation : operations) {
            String[] parts = operation.split(" ", 2);
            Map<String, Object> described = document.getMap("paths.'" + parts[1] + "'." + parts[0]);
            assertThat(described).as(operation).isNotNull();
            Map<String, Object> responses = document.getMap("paths.'" + parts[1] + "'." + parts[0] + ".responses");
            assertThat(responses.keySet()).as(operation + " answers").anyMatch(status -> status.startsWith("2"))
                    .contains("503");
            assertThat(document.getString("paths.'" + parts[1] + "'." + parts[0] + ".responses.'503'.content.'application/problem+json'.schema.$ref"))
                    .as(operation).endsWith("/Problem");
        }
    }

    @Test
    void shouldDescribeTheCheckoutsProblemsWithExamplesAndTheAdminOperationsSecurity() {
        JsonPath document = openApi();
        String checkout = "paths.'/api/orders'.post.responses";
        assertThat(document.getMap(checkout).keySet()).contains("202", "400", "413", "422", "503");
        assertThat(document.getString(checkout + ".'422'.content.'application/problem+json'.example.errors[0].field"))
                .isEqualTo("items[0].sku");
        assertThat(document.getMap("components.schemas.Problem.properties").keySet())
                .contains("type", "title", "status", "detail", "instance", "errors");
        assertThat(document.getList("paths.'/api/dead-letters'.get.security")).as("admin operations need credentials").isNotEmpty();
        assertThat(document.getMap("paths.'/api/dead-letters'.get.responses").keySet()).contains("401", "403");
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    private static JsonPath openApi() {
        return given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
    }

    /** Every resource method in the application's classes, as "get /api/orders/{id}". */
    private static List<String> resourceOperations() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(jakarta.ws.rs.Path.class.getClassLoader().getResource("application.properties").toURI()).getParent();
        List<String> operations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, OpenApiTest.class.getClassLoader());
                jakarta.ws.rs.Path root = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (root == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = verb(method);
                    if (verb != null) {
                        jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                        operations.add(verb + " " + join(root.value(), sub == null ? "" : sub.value()));
                    }
                }
            }
        }
        return operations;
    }

    private static String verb(Method method) {
        if (method.isAnnotationPresent(GET.class)) {
            return "get";
        }
        if (method.isAnnotationPresent(POST.class)) {
            return "post";
        }
        if (method.isAnnotationPresent(PUT.class)) {
            return "put";
        }
        return method.isAnnotationPresent(DELETE.class) ? "delete" : null;
    }

    private static String join(String root, String sub) {
        String path = (root + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
