package dev.orderpipeline.notification.service;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** SMTP settings, fed by the QUARKUS_MAILER_* environment variables. */
@ConfigMapping(prefix = "app.mail")
public interface MailSettings {

    String host();

    int port();

    String from();

    Optional<String> username();

    Optional<String> password();

    /** DISABLED, OPTIONAL or REQUIRED. */
    String startTls();

    Duration timeout();

    /** SMTP connections kept open at most: one per email in flight. */
    int maxConnections();
}
