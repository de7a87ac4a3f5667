package dev.orderpipeline.payment.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.orderpipeline.payment.service.SimulatedPaymentGateway;
import dev.orderpipeline.platform.problem.FieldError;
import dev.orderpipeline.platform.problem.InvalidRequestException;
import dev.orderpipeline.platform.security.AdminIdentityProvider;

/** Lets an administrator make the simulated payment provider fail transiently, to watch retries and dead letters. */
@Path("/api/payment-simulator")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AdminIdentityProvider.ADMIN_ROLE)
public class PaymentSimulatorResource {

    /** The simulator's adjustable behaviour; a null rate restores the configured one. */
    public record SimulatorState(Double failureRate) {
    }

    private final SimulatedPaymentGateway simulator;

    PaymentSimulatorResource(SimulatedPaymentGateway simulator) {
        this.simulator = simulator;
    }

    @GET
    public SimulatorState get() {
        return new SimulatorState(simulator.failureRate());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public SimulatorState put(SimulatorState state) {
        Double rate = state == null ? null : state.failureRate();
        if (rate != null && (rate < 0 || rate > 1)) {
            throw InvalidRequestException.invalid(List.of(new FieldError("failureRate", "must be between 0 and 1")));
        }
        simulator.failureRate(rate);
        return get();
    }
}
