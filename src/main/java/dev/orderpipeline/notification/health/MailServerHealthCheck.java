package dev.orderpipeline.notification.health;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.orderpipeline.config.AppConfig;

/** Readiness of the SMTP server: a TCP connect and its {@code 220} greeting, nothing sent. */
@Readiness
@ApplicationScoped
public class MailServerHealthCheck implements HealthCheck {

    private final String host;
    private final int port;
    private final Duration timeout;
    private final boolean workers;

    MailServerHealthCheck(AppConfig config) {
        this.workers = config.role().workers();
        this.host = config.mail().host();
        this.port = config.mail().port();
        this.timeout = config.health().mailTimeout();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("SMTP server").withData("address", host + ":" + port);
        if (!workers) {
            return response.up().withData("sender", "not this instance's role").build();
        }
        int millis = (int) timeout.toMillis();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            String greeting = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            if (greeting != null && greeting.startsWith("220")) {
                return response.up().build();
            }
            return response.down().withData("reason", "unexpected greeting: " + greeting).build();
        } catch (IOException e) {
            return response.down().withData("reason", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
        }
    }
}
