package dev.orderpipeline.platform.problem;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request whose declared body is above {@code app.api.max-body-bytes} with a 413 problem, before a byte
 * of it is read: ahead of the HTTP layer's own outer limit, which would answer a bare 413.
 */
@Singleton
public class BodySizeLimit {

    private final long maxBytes;
    private final ObjectMapper mapper;

    BodySizeLimit(@ConfigProperty(name = "app.api.max-body-bytes", defaultValue = "65536") long maxBytes, ObjectMapper mapper) {
        this.maxBytes = maxBytes;
        this.mapper = mapper;
    }

    void register(@Observes Filters filters) {
        filters.register(this::limit, 1000);
    }

    private void limit(RoutingContext context) {
        long length = declaredLength(context.request().getHeader(HttpHeaders.CONTENT_LENGTH));
        if (length <= maxBytes) {
            context.next();
            return;
        }
        Problem problem = new Problem("about:blank", "Request body too large", 413,
                "The body has " + length + " bytes; at most " + maxBytes + " are accepted", context.request().path(), null);
        try {
            // The unread body would follow on this connection: close it after the answer.
            context.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(mapper.writeValueAsString(problem))
                    .onComplete(written -> context.request().connection().close());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            context.fail(e);
        }
    }

    private static long declaredLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
