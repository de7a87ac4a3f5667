package dev.orderpipeline.messaging.deadletter.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.orderpipeline.messaging.deadletter.DeadLetter;
import dev.orderpipeline.messaging.deadletter.DeadLetterFilter;
import dev.orderpipeline.messaging.deadletter.DeadLetterService;
import dev.orderpipeline.messaging.outbox.Transport;
import dev.orderpipeline.platform.problem.FieldError;
import dev.orderpipeline.platform.problem.InvalidRequestException;
import dev.orderpipeline.platform.security.AdminIdentityProvider;

/** Operations on the dead-letter store: list, inspect, replay, discard, summary, groups. Administrators only. */
@Path("/api/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AdminIdentityProvider.ADMIN_ROLE)
public class DeadLetterResource {

    /** One page of dead letters. */
    public record PageView(List<DeadLetterView> items, int page, int size, long total) {
    }

    /** The body of a bulk replay: a filter and how many at most. */
    public record ReplayRequest(String source, String destination, String consumer, String exceptionClass, String from,
            String to, Integer limit) {
    }

    private final DeadLetterService deadLetters;

    DeadLetterResource(DeadLetterService deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GET
    public PageView list(@QueryParam("source") String source, @QueryParam("destination") String destination,
            @QueryParam("consumer") String consumer, @QueryParam("exceptionClass") String exceptionClass,
            @QueryParam("status") String status,
            @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        List<FieldError> errors = new ArrayList<>();
        if (page < 0) {
            errors.add(new FieldError("page", "must be 0 or more"));
        }
        if (size < 1 || size > 500) {
            errors.add(new FieldError("size", "must be 1 to 500"));
        }
        DeadLetterFilter filter = filter(source, destination, consumer, exceptionClass, status, from, to, errors);
        var found = deadLetters.list(filter, page, size);
        return new PageView(found.items().stream().map(letter -> DeadLetterView.of(letter, false)).toList(),
                found.page(), found.size(), found.total());
    }

    @GET
    @Path("/summary")
    public List<DeadLetterService.Group> summary() {
        return deadLetters.summary();
    }

    /**
     * Like failures together: by source, destination, consumer and exception class (empty when none was recorded),
     * with their count, first and last failure and latest reason; largest first. {@code status} narrows to one.
     */
    @GET
    @Path("/groups")
    public List<DeadLetterService.FailureGroup> groups(@QueryParam("status") String status) {
        List<FieldError> errors = new ArrayList<>();
        DeadLetter.Status only = parseEnum(DeadLetter.Status.class, status, "status", errors);
        if (!errors.isEmpty()) {
            throw InvalidRequestException.invalid(errors);
        }
        return deadLetters.groups(only);
    }

    @GET
    @Path("/{id}")
    public DeadLetterView get(@PathParam("id") String id) {
        return DeadLetterView.of(deadLetters.find(uuid(id)).orElseThrow(() -> notFound(id)), true);
    }

    @POST
    @Path("/{id}/replay")
    public DeadLetterView replay(@PathParam("id") String id) {
        return DeadLetterView.of(deadLetters.replay(uuid(id)).orElseThrow(() -> notFound(id)), true);
    }

    @POST
    @Path("/{id}/discard")
    public DeadLetterView discard(@PathParam("id") String id) {
        return DeadLetterView.of(deadLetters.discard(uuid(id)).orElseThrow(() -> notFound(id)), false);
    }

    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    public DeadLetterService.ReplayReport replayMatching(ReplayRequest request) {
        ReplayRequest body = request == null ? new ReplayRequest(null, null, null, null, null, null, null) : request;
        List<FieldError> errors = new ArrayList<>();
        int limit = body.limit() == null ? 100 : body.limit();
        if (limit < 1 || limit > 10_000) {
            errors.add(new FieldError("limit", "must be 1 to 10000"));
        }
        DeadLetterFilter filter = filter(body.source(), body.destination(), body.consumer(), body.exceptionClass(), null,
                body.from(), body.to(), errors);
        return deadLetters.replayMatching(filter, limit);
    }

    private static DeadLetterFilter filter(String source, String destination, String consumer, String exceptionClass,
            String status, String from, String to, List<FieldError> errors) {
        Transport transport = parseEnum(Transport.class, source, "source", errors);
        DeadLetter.Status parsedStatus = parseEnum(DeadLetter.Status.class, status, "status", errors);
        Instant fromTime = parseTime(from, "from", errors);
        Instant toTime = parseTime(to, "to", errors);
        if (!errors.isEmpty()) {
            throw InvalidRequestException.invalid(errors);
        }
        return new DeadLetterFilter(transport, destination, consumer, exceptionClass, parsedStatus, fromTime, toTime);
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String field, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants())));
            return null;
        }
    }

    private static Instant parseTime(String value, String field, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 instant such as 2026-11-29T10:15:30Z"));
            return null;
        }
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("No dead letter " + id);
    }
}
