package dev.orderpipeline.platform.problem;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.orderpipeline.platform.DatabaseFailures;
import io.quarkus.logging.Log;

/** Turns every error of the REST API into an RFC 9457 {@code application/problem+json} response. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e, UriInfo uri) {
        String title = e.status() == 422 ? "Unprocessable request" : "Invalid request";
        return problem(e.status(), title, e.getMessage(), uri, e.errors());
    }

    /** Wrong types, unknown fields: ahead of Quarkus's own mapper for these, which answers plain JSON. */
    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return malformedJson(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException mapping ? path(mapping.getPath()) : null;
        String detail = field == null ? "The body is not valid JSON: " + e.getOriginalMessage()
                : "Field '" + field + "' has a wrong type or value";
        return problem(400, "Malformed request body", detail, uri,
                field == null ? null : List.of(new FieldError(field, shorten(e.getOriginalMessage()))));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return malformedJson(json, uri);
        }
        int status = e.getResponse().getStatus();
        Response.ResponseBuilder response = Response.fromResponse(problem(status,
                Response.Status.fromStatusCode(status) == null ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase(),
                e.getMessage(), uri, null));
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response.build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        if (databaseUnavailable(e)) {
            Log.warnf("Request to %s failed, database unavailable: %s", uri.getPath(), e.toString());
            return Response.fromResponse(problem(503, "Service temporarily unavailable",
                    "The database cannot be reached or is saturated. Retry later with the same Idempotency-Key: a request cut off while "
                            + "committing may have been stored, and the key makes the retry return that order instead of placing another.", uri, null))
                    .header("Retry-After", "5").build();
        }
        Log.errorf(e, "Unexpected error on %s", uri.getPath());
        return problem(500, "Internal error", "An unexpected error occurred", uri, null);
    }

    private static boolean databaseUnavailable(Throwable e) {
        return DatabaseFailures.isUnavailable(e)
                || DatabaseFailures.isTransient(e) && e.getClass().getName().startsWith("org.hibernate");
    }

    static Response problem(int status, String title, String detail, UriInfo uri, List<FieldError> errors) {
        String type = status == 400 || status == 422 ? "https://order-pipeline.dev/problems/invalid-request" : "about:blank";
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(type, title, status, detail, uri == null ? null : uri.getPath(), errors))
                .build();
    }

    private static String path(List<JsonMappingException.Reference> references) {
        if (references == null || references.isEmpty()) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static String shorten(String message) {
        if (message == null) {
            return "invalid value";
        }
        String firstLine = message.lines().findFirst().orElse(message);
        return firstLine.length() > 200 ? firstLine.substring(0, 200) : firstLine;
    }
}
