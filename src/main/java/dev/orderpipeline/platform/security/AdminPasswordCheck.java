package dev.orderpipeline.platform.security;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import dev.orderpipeline.config.AppConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

/** Stops the start-up, before anything else starts, of an instance whose admin credentials break {@link AdminPasswordPolicy}. */
@ApplicationScoped
class AdminPasswordCheck {

    void verify(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup, AppConfig config) {
        AppConfig.Admin admin = config.admin();
        int minimum = AdminPasswordPolicy.minimumLength(LaunchMode.current() == LaunchMode.NORMAL, admin.minPasswordLength());
        AdminPasswordPolicy.violation(config.role().api(), minimum, admin.username(), admin.password()).ifPresent(problem -> {
            throw new ConfigurationException(problem);
        });
    }
}
