package dev.orderpipeline.checkout.rest;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.orderpipeline.checkout.service.StuckOrders;
import dev.orderpipeline.platform.problem.FieldError;
import dev.orderpipeline.platform.problem.InvalidRequestException;
import dev.orderpipeline.platform.security.AdminIdentityProvider;

/** Operations: the orders not final after {@code app.orders.max-in-flight}, oldest first. Administrators only. */
@Path("/api/orders/stuck")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AdminIdentityProvider.ADMIN_ROLE)
public class StuckOrderResource {

    private final StuckOrders stuck;

    StuckOrderResource(StuckOrders stuck) {
        this.stuck = stuck;
    }

    @GET
    public StuckOrders.Page list(@QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) throws SQLException {
        List<FieldError> errors = new ArrayList<>();
        if (page < 0) {
            errors.add(new FieldError("page", "must be 0 or more"));
        }
        if (size < 1 || size > 500) {
            errors.add(new FieldError("size", "must be 1 to 500"));
        }
        if (!errors.isEmpty()) {
            throw InvalidRequestException.invalid(errors);
        }
        return stuck.list(page, size);
    }
}
