package dev.orderpipeline.platform;

import jakarta.inject.Singleton;

import dev.orderpipeline.config.AppConfig;

/**
 * The roles of {@link AppConfig#role()} as a bean of their own, for ConsumerGroupLag only, which still injects it;
 * every other class reads {@code AppConfig.role()}. Goes once ConsumerGroupLag does too.
 */
@Singleton
public class Roles {

    private final AppConfig.Role role;

    Roles(AppConfig config) {
        this.role = config.role();
    }

    /** Whether this instance serves the REST endpoints. */
    public boolean api() {
        return role.api();
    }

    /** Whether this instance runs the outbox relay and the consumers. */
    public boolean workers() {
        return role.workers();
    }
}
