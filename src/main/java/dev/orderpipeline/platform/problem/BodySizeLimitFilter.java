package dev.orderpipeline.platform.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Refuses request bodies above {@code app.api.max-body-bytes} with a 413 problem, before reading them. */
public class BodySizeLimitFilter {

    private final long maxBytes;

    BodySizeLimitFilter(@ConfigProperty(name = "app.api.max-body-bytes", defaultValue = "65536") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        if (request.getLength() > maxBytes) {
            return ProblemMappers.problem(413, "Request body too large",
                    "The body has " + request.getLength() + " bytes; at most " + maxBytes + " are accepted", null, null);
        }
        return null;
    }
}
