package dev.orderpipeline.platform.security;

import java.util.Optional;

/**
 * The admin credentials an instance serving the API may start with: a username, and a password of at least the
 * configured length, never below {@link #PRODUCTION_MIN_LENGTH} characters in production.
 */
public final class AdminPasswordPolicy {

    /** The shortest admin password a production instance accepts. */
    public static final int PRODUCTION_MIN_LENGTH = 12;

    private AdminPasswordPolicy() {
    }

    /** The shortest password accepted: the configured length, raised to the production floor in production. */
    public static int minimumLength(boolean production, int configured) {
        return production ? Math.max(PRODUCTION_MIN_LENGTH, configured) : Math.max(0, configured);
    }

    /** Why this instance must not start with these credentials, naming the variable to fix; empty when they will do. */
    public static Optional<String> violation(boolean servesApi, int minimumLength, Optional<String> username,
            Optional<String> password) {
        if (!servesApi || minimumLength <= 0) {
            return Optional.empty();
        }
        if (username.filter(name -> !name.isBlank()).isEmpty()) {
            return Optional.of("APP_ADMIN_USERNAME is not set: an instance serving the API needs its administrator");
        }
        int length = password.map(String::length).orElse(0);
        if (length < minimumLength) {
            return Optional.of("APP_ADMIN_PASSWORD has " + length + " characters, at least " + minimumLength
                    + " are required: create the Secret with a longer one (see deployment/README.md)");
        }
        return Optional.empty();
    }
}
