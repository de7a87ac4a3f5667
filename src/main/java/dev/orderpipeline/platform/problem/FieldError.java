package dev.orderpipeline.platform.problem;

/** One invalid field of a request: its JSON path (for example {@code items[1].quantity}) and what is wrong. */
public record FieldError(String field, String message) {
}
