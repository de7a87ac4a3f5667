package dev.orderpipeline.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.orderpipeline.config.AppConfig;

/** When this instance does not play the {@code api} role, its REST endpoints answer 404 as if absent. */
public class ApiRoleFilter {

    private final boolean api;

    ApiRoleFilter(AppConfig config) {
        this.api = config.role().api();
    }

    @ServerRequestFilter(preMatching = true)
    public Response rejectWhenDisabled(ContainerRequestContext request) {
        if (!api && request.getUriInfo().getPath().startsWith("/api")) {
            return Response.status(404).build();
        }
        return null;
    }
}
