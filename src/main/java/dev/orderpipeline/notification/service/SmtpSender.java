package dev.orderpipeline.notification.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.orderpipeline.config.AppConfig;
import dev.orderpipeline.messaging.TransientFailureException;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;

/** Sends emails over SMTP and waits for the server to accept them. */
@ApplicationScoped
public class SmtpSender {

    private static final Duration RECENT_SUCCESS_MEMORY = Duration.ofMinutes(10);

    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private final MailClient client;
    private final io.vertx.core.Context mailContext;
    private final AppConfig.Mail settings;

    SmtpSender(Vertx vertx, AppConfig app) {
        AppConfig.Mail settings = app.mail();
        this.settings = settings;
        MailConfig config = new MailConfig()
                .setHostname(settings.host())
                .setPort(settings.port())
                .setStarttls(StartTLSOptions.valueOf(settings.startTls()))
                // A fixed HELO name: otherwise the client resolves this host's canonical name, which can stall.
                .setOwnHostname("order-pipeline")
                .setKeepAlive(true)
                .setMaxPoolSize(settings.maxConnections())
                .setConnectTimeout((int) settings.timeout().toMillis())
                .setIdleTimeout(60);
        settings.username().ifPresent(config::setUsername);
        settings.password().ifPresent(config::setPassword);
        this.client = MailClient.createShared(vertx, config, "order-pipeline");
        // A fresh event-loop context of its own, whatever thread creates this bean.
        this.mailContext = ((io.vertx.core.impl.VertxInternal) vertx.getDelegate()).createEventLoopContext();
    }

    /**
     * Sends one email; returns once the SMTP server accepted it. Any failure to hand it over (refused, timed out,
     * rejected) is reported as transient: the command is redelivered and dead-lettered after its limit.
     */
    public void send(OutgoingEmail email) {
        MailMessage message = new MailMessage()
                .setFrom(settings.from())
                .setTo(email.to())
                .setSubject(email.subject())
                .setText(email.text());
        message.setHeaders(MultiMap.caseInsensitiveMultiMap().add("Message-ID", email.messageId()).getDelegate());
        CompletableFuture<Void> fresh = new CompletableFuture<>();
        CompletableFuture<Void> running = inFlight.putIfAbsent(email.messageId(), fresh);
        CompletableFuture<Void> sending = running == null ? fresh : running;
        if (running == null) {
            // Completion may come synchronously: the map is only changed outside putIfAbsent.
            fresh.whenComplete((ignored, failure) -> forgetLater(email.messageId(), fresh, failure == null));
            // The plain Vert.x future, not Mutiny: Mutiny would carry the caller's JTA transaction onto the event loop.
            // Sent from the client's own event-loop context: the client's first send runs an ordered blocking task
            // on the caller's context, which would queue behind this very worker while it waits.
            mailContext.runOnContext(ignored -> client.getDelegate().sendMail(message).onComplete(result -> {
                if (result.succeeded()) {
                    fresh.complete(null);
                } else {
                    fresh.completeExceptionally(result.cause());
                }
            }));
        }
        try {
            sending.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TransientFailureException("SMTP send of " + email.messageId() + " still in progress after "
                    + settings.timeout() + "; a redelivery waits for it instead of sending again", e);
        } catch (ExecutionException e) {
            throw new TransientFailureException("SMTP server did not accept the email: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailureException("interrupted while sending " + email.messageId(), e);
        }
    }

    /**
     * A send that timed out on the caller's side may still complete, so a redelivered command must not start a
     * second one: sends stay known by Message-ID while running, and for a while after they succeeded.
     */
    private void forgetLater(String messageId, CompletableFuture<Void> sent, boolean succeeded) {
        if (succeeded) {
            CompletableFuture.delayedExecutor(RECENT_SUCCESS_MEMORY.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> inFlight.remove(messageId, sent));
        } else {
            inFlight.remove(messageId, sent);
        }
    }

    @PreDestroy
    void close() {
        client.closeAndAwait();
    }
}
