package dev.orderpipeline.checkout.rest;

import java.net.URI;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.orderpipeline.checkout.Order;
import dev.orderpipeline.checkout.service.CheckoutService;
import dev.orderpipeline.checkout.service.OrderQueries;

/** Checkout: place an order, follow it. */
@Path("/api/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    private final CheckoutService checkout;
    private final OrderQueries queries;

    OrderResource(CheckoutService checkout, OrderQueries queries) {
        this.checkout = checkout;
        this.queries = queries;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response place(CheckoutRequest request, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        CheckoutService.Placement placement = checkout.place(request, idempotencyKey);
        Order order = placement.order();
        return Response.accepted(view(order, false))
                .location(URI.create("/api/orders/" + order.id))
                .header("Idempotent-Replayed", String.valueOf(!placement.created()))
                .build();
    }

    @GET
    @Path("/{id}")
    public OrderView get(@PathParam("id") String id) {
        UUID orderId;
        try {
            orderId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No order " + id);
        }
        return checkout.find(orderId).map(order -> view(order, true))
                .orElseThrow(() -> new NotFoundException("No order " + id));
    }

    private OrderView view(Order order, boolean details) {
        if (!details) {
            return new OrderView(order.id, order.status.name(), order.customerEmail, null, order.total, order.createdAt,
                    null, null, null);
        }
        var emails = queries.emails(order.id);
        var confirmation = emails.stream().filter(email -> email.kind().equals("CONFIRMATION")).findFirst()
                .map(OrderQueries.SentEmail::sentAt).orElse(null);
        return new OrderView(order.id, order.status.name(), order.customerEmail, order.lineItems(), order.total,
                order.createdAt, queries.history(order.id), confirmation, emails);
    }
}
