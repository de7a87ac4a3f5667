package dev.orderpipeline.checkout.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.orderpipeline.checkout.rest.CheckoutRequest;
import dev.orderpipeline.platform.problem.FieldError;
import dev.orderpipeline.platform.problem.InvalidRequestException;

/** Checks a checkout request field by field and reports every problem at once. */
public final class CheckoutValidator {

    public static final int MAX_LINES = 50;
    public static final int MAX_QUANTITY = 1000;
    /** RFC 5321: a path holds at most 254 characters, a local part (before the @) at most 64; longer ones SMTP refuses. */
    public static final int MAX_EMAIL = 254;
    public static final int MAX_EMAIL_LOCAL_PART = 64;
    private static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
    private static final Pattern SKU = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");

    private CheckoutValidator() {
    }

    public static void validate(CheckoutRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            throw InvalidRequestException.invalid(List.of(new FieldError("body", "a JSON object is required")));
        }
        String email = request.customerEmail();
        if (email == null || email.isBlank()) {
            errors.add(new FieldError("customerEmail", "is required"));
        } else if (email.length() > MAX_EMAIL || email.indexOf('@') > MAX_EMAIL_LOCAL_PART || !EMAIL.matcher(email).matches()) {
            errors.add(new FieldError("customerEmail", "is not a valid email address"));
        }
        List<CheckoutRequest.Item> items = request.items();
        if (items == null || items.isEmpty()) {
            errors.add(new FieldError("items", "at least one item is required"));
        } else if (items.size() > MAX_LINES) {
            errors.add(new FieldError("items", "at most " + MAX_LINES + " lines per order"));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                validateItem(items.get(i), "items[" + i + "]", seen, errors);
            }
        }
        if (!errors.isEmpty()) {
            throw InvalidRequestException.invalid(errors);
        }
    }

    private static void validateItem(CheckoutRequest.Item item, String path, Set<String> seen, List<FieldError> errors) {
        if (item == null) {
            errors.add(new FieldError(path, "must be an object with sku and quantity"));
            return;
        }
        if (item.sku() == null || item.sku().isBlank()) {
            errors.add(new FieldError(path + ".sku", "is required"));
        } else if (!SKU.matcher(item.sku()).matches()) {
            errors.add(new FieldError(path + ".sku", "must be 1 to 64 letters, digits, '.', '_' or '-'"));
        } else if (!seen.add(item.sku())) {
            errors.add(new FieldError(path + ".sku", "duplicate SKU " + item.sku() + "; put the whole quantity on one line"));
        }
        if (item.quantity() == null) {
            errors.add(new FieldError(path + ".quantity", "is required"));
        } else if (item.quantity() <= 0) {
            errors.add(new FieldError(path + ".quantity", "must be at least 1"));
        } else if (item.quantity() > MAX_QUANTITY) {
            errors.add(new FieldError(path + ".quantity", "must be at most " + MAX_QUANTITY));
        }
    }
}
