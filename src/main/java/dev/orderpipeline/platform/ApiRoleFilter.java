package dev.orderpipeline.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** When this instance does not play the {@code api} role, its REST endpoints answer 404 as if absent. */
public class ApiRoleFilter {

    private final Roles roles;

    ApiRoleFilter(Roles roles) {
        this.roles = roles;
    }

    @ServerRequestFilter(preMatching = true)
    public Response rejectWhenDisabled(ContainerRequestContext request) {
        if (!roles.api() && request.getUriInfo().getPath().startsWith("/api")) {
            return Response.status(404).build();
        }
        return null;
    }
}
