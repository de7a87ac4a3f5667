package dev.orderpipeline.platform.problem;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.orderpipeline.config.AppConfig;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request whose declared body is above {@code app.api.max-body-bytes} with a 413 problem, before a byte
 * of it is read: ahead of the HTTP layer's own outer limit, which would answer a bare 413. A body up to that outer
 * limit is then read and dropped, so that the client, still uploading, gets the answer and keeps its connection;
 * above it the connection is closed once the answer is written.
 */
@Singleton
public class BodySizeLimit {

    private final long maxBytes;
    private final long drainBytes;
    private final ObjectMapper mapper;

    BodySizeLimit(AppConfig config, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize drainBytes,
            ObjectMapper mapper) {
        this.maxBytes = config.api().maxBodyBytes();
        this.drainBytes = drainBytes.asLongValue();
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
            String body = mapper.writeValueAsString(problem);
            context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
            if (length <= drainBytes) {
                context.request().handler(ignored -> { }).resume();
                context.response().end(body);
            } else {
                context.response().putHeader(HttpHeaders.CONNECTION, "close").end(body)
                        .onComplete(written -> context.request().connection().close());
            }
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
