package dev.orderpipeline.notification.service;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;

/** Sends emails over SMTP and waits for the server to accept them. */
@ApplicationScoped
public class SmtpSender {

    private final MailClient client;
    private final MailSettings settings;

    SmtpSender(Vertx vertx, MailSettings settings) {
        this.settings = settings;
        MailConfig config = new MailConfig()
                .setHostname(settings.host())
                .setPort(settings.port())
                .setStarttls(StartTLSOptions.valueOf(settings.startTls()))
                .setKeepAlive(true)
                .setMaxPoolSize(8)
                .setConnectTimeout((int) settings.timeout().toMillis())
                .setIdleTimeout(60);
        settings.username().ifPresent(config::setUsername);
        settings.password().ifPresent(config::setPassword);
        this.client = MailClient.createShared(vertx, config, "order-pipeline");
    }

    /** Sends one email; returns once the SMTP server accepted it, throws if it did not. */
    public void send(OutgoingEmail email) {
        MailMessage message = new MailMessage()
                .setFrom(settings.from())
                .setTo(email.to())
                .setSubject(email.subject())
                .setText(email.text());
        message.setHeaders(MultiMap.caseInsensitiveMultiMap().add("Message-ID", email.messageId()).getDelegate());
        client.sendMail(message).await().atMost(settings.timeout());
    }

    @PreDestroy
    void close() {
        client.closeAndAwait();
    }
}
