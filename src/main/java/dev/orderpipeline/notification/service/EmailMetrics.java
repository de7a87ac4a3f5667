package dev.orderpipeline.notification.service;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderpipeline.notification.events.SendOrderEmail;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Histograms with SLO buckets of the email worker: {@code email_send_seconds{outcome}}, each SMTP send until the
 * server accepted it ({@code sent}) or it failed ({@code failed}), and {@code order_checkout_to_email_seconds}, an
 * order's placement until the SMTP server accepted its confirmation email.
 */
@ApplicationScoped
public class EmailMetrics {

    /** One SMTP send, by outcome. */
    public static final String SEND = "email_send";
    /** An order's placement (its checkout's transaction) until its confirmation email was accepted by SMTP. */
    public static final String CHECKOUT_TO_EMAIL = "order_checkout_to_email";

    private static final Duration[] SEND_BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30) };
    private static final Duration[] CHECKOUT_TO_EMAIL_BUCKETS = {
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofMillis(200),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1) };

    private final Timer sent;
    private final Timer failed;
    private final Timer checkoutToEmail;

    EmailMetrics(MeterRegistry registry) {
        this.sent = send(registry, "sent");
        this.failed = send(registry, "failed");
        this.checkoutToEmail = Timer.builder(CHECKOUT_TO_EMAIL)
                .description("Order placed until its confirmation email was accepted by the SMTP server")
                .serviceLevelObjectives(CHECKOUT_TO_EMAIL_BUCKETS).register(registry);
    }

    private static Timer send(MeterRegistry registry, String outcome) {
        return Timer.builder(SEND).description("SMTP send until the server accepted the email or it failed")
                .tag("outcome", outcome).serviceLevelObjectives(SEND_BUCKETS).register(registry);
    }

    /** Runs {@code send} and records its time as sent, or as failed if it throws. */
    public void timeSend(Runnable send) {
        long start = System.nanoTime();
        try {
            send.run();
        } catch (RuntimeException | Error e) {
            failed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            throw e;
        }
        sent.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    /** The SMTP server accepted the email of {@code command} now: a confirmation that knows its order's placement counts. */
    public void accepted(SendOrderEmail command) {
        if (command.kind() == SendOrderEmail.Kind.CONFIRMATION && command.placedAt() != null) {
            long millis = Instant.now().toEpochMilli() - command.placedAt().toEpochMilli();
            checkoutToEmail.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
        }
    }
}
