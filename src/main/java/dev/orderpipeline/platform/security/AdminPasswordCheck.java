package dev.orderpipeline.platform.security;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.orderpipeline.platform.Roles;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

/** Stops the start-up, before anything else starts, of an instance whose admin credentials break {@link AdminPasswordPolicy}. */
@ApplicationScoped
class AdminPasswordCheck {

    void verify(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup, Roles roles,
            @ConfigProperty(name = "app.admin.min-password-length", defaultValue = "12") int configuredMinimum,
            @ConfigProperty(name = "app.admin.username") Optional<String> username,
            @ConfigProperty(name = "app.admin.password") Optional<String> password) {
        int minimum = AdminPasswordPolicy.minimumLength(LaunchMode.current() == LaunchMode.NORMAL, configuredMinimum);
        AdminPasswordPolicy.violation(roles.api(), minimum, username, password).ifPresent(problem -> {
            throw new ConfigurationException(problem);
        });
    }
}
