package dev.orderpipeline.ops.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.orderpipeline.ops.service.OrderTimeline;
import dev.orderpipeline.ops.service.PipelineOverview;
import dev.orderpipeline.platform.security.AdminIdentityProvider;

/** What the operator console at {@code /ops} shows: the pipeline at a glance, and one order's timeline. Administrators only. */
@Path("/api/ops")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AdminIdentityProvider.ADMIN_ROLE)
public class OpsResource {

    private final PipelineOverview overview;
    private final OrderTimeline timeline;

    OpsResource(PipelineOverview overview, OrderTimeline timeline) {
        this.overview = overview;
        this.timeline = timeline;
    }

    /** Outbox backlog, consumer lag per group, orders in flight and stuck, emails, dead letters by status. */
    @GET
    @Path("/overview")
    public PipelineOverview.Overview overview() {
        return overview.read();
    }

    /** The order's status changes, the messages it produced, its emails, dead letters and trace id. */
    @GET
    @Path("/orders/{id}/timeline")
    public OrderTimeline.Timeline timeline(@PathParam("id") String id) {
        UUID orderId;
        try {
            orderId = UUID.fromString(id.trim());
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No order " + id);
        }
        return timeline.of(orderId).orElseThrow(() -> new NotFoundException("No order " + id));
    }
}
