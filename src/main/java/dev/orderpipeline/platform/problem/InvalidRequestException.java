package dev.orderpipeline.platform.problem;

import java.util.List;

/** The request is well-formed JSON but some fields are invalid (400), or refer to something unknown (422). */
public class InvalidRequestException extends RuntimeException {

    private final int status;
    private final List<FieldError> errors;

    public InvalidRequestException(int status, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public static InvalidRequestException invalid(List<FieldError> errors) {
        return new InvalidRequestException(400, "The request has invalid fields", errors);
    }

    public static InvalidRequestException unprocessable(String detail, List<FieldError> errors) {
        return new InvalidRequestException(422, detail, errors);
    }

    public int status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
