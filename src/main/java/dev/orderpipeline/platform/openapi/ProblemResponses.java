package dev.orderpipeline.platform.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import dev.orderpipeline.platform.problem.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Describes, on every operation of the API, the RFC 9457 problems it can answer: 400 for a body or a parameter that
 * is not valid, 404 for a path naming something that does not exist, 413 and 422 for a checkout, and 503 whenever
 * the database is unreachable; the {@code Problem} schema they share; and the API's title and summary.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    private static final String SCHEMA = "Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.info(OASFactory.createInfo().title("Order pipeline").version("1")
                .description("Checkout over REST, carried through Kafka and AMQP to a confirmation email. Every error is "
                        + "an RFC 9457 application/problem+json body; invalid fields are listed in errors[{field, message}]."));
        if (openAPI.getComponents() == null) {
            openAPI.components(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(SCHEMA, problemSchema());
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                .forEach((method, operation) -> describe(path, method, operation)));
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        boolean hasBody = operation.getRequestBody() != null;
        boolean hasQuery = operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(parameter -> "query".equals(String.valueOf(parameter.getIn()).toLowerCase()));
        if (hasBody || hasQuery) {
            add(operation, "400", "Malformed JSON, wrong types, unknown or repeated fields, or values outside their limits",
                    example(400, "Invalid request", "The request is not valid", "customerEmail", "must be a well-formed email address"));
        }
        if (path.contains("{")) {
            add(operation, "404", "Nothing with that id", example(404, "Not Found", "No order 3f1c9a0e-8c57-4d1b-9a51-0d6a2e7c1b44", null, null));
        }
        if (path.equals("/api/orders") && method == PathItem.HttpMethod.POST) {
            describeCheckout(operation);
            add(operation, "413", "Body declared over the API's limit (64 KiB); answered before the body is read",
                    example(413, "Request body too large", "The body has 70000 bytes; at most 65536 are accepted", null, null));
            add(operation, "422", "An SKU that is not in the catalog (yet), or an Idempotency-Key reused with another body",
                    example(422, "Unprocessable request", "Some items cannot be ordered", "items[0].sku", "unknown SKU SKU-9"));
        }
        add(operation, "503", "The database is unreachable; retry after Retry-After (with the same Idempotency-Key)",
                example(503, "Service temporarily unavailable", "The database cannot be reached or is saturated. Retry later with the same "
                        + "Idempotency-Key.", null, null));
    }

    /** The checkout answers 202 (the order is placed; the pipeline takes it from there), with a Location. */
    private static void describeCheckout(Operation operation) {
        APIResponse accepted = operation.getResponses() == null ? null : operation.getResponses().getAPIResponse("200");
        if (accepted != null) {
            operation.getResponses().removeAPIResponse("200");
            operation.getResponses().addAPIResponse("202", accepted
                    .description("Placed (status PLACED); follow it at Location. With an Idempotency-Key already used "
                            + "for the same body, the same order again with Idempotent-Replayed: true")
                    .addHeader("Location", OASFactory.createHeader().description("/api/orders/{id}")
                            .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)))
                    .addHeader("Idempotent-Replayed", OASFactory.createHeader().description("true for a replayed key")
                            .schema(OASFactory.createSchema().addType(Schema.SchemaType.BOOLEAN))));
        }
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            operation.getRequestBody().getContent().getMediaTypes().values().forEach(mediaType -> mediaType.example(Map.of(
                    "customerEmail", "a@example.com", "items", List.of(Map.of("sku", "SKU-1", "quantity", 2)))));
        }
    }

    private static void add(Operation operation, String status, String description, Map<String, Object> example) {
        if (operation.getResponses() == null) {
            operation.responses(OASFactory.createAPIResponses());
        }
        if (operation.getResponses().hasAPIResponse(status)) {
            return;
        }
        APIResponse response = OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(SCHEMA)).example(example)));
        operation.getResponses().addAPIResponse(status, response);
    }

    private static Map<String, Object> example(int status, String title, String detail, String field, String message) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", status == 400 || status == 422 ? "https://order-pipeline.dev/problems/invalid-request" : "about:blank");
        example.put("title", title);
        example.put("status", status);
        example.put("detail", detail);
        if (field != null) {
            example.put("errors", List.of(Map.of("field", field, "message", message)));
        }
        return example;
    }

    private static Schema problemSchema() {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .properties(Map.of("field", text, "message", text));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details")
                .properties(new LinkedHashMap<>(Map.of(
                        "type", text, "title", text, "detail", text, "instance", text,
                        "status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER),
                        "errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError))))
                .required(List.of("title", "status"));
    }

}
