package dev.orderpipeline.messaging;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import dev.orderpipeline.config.AppConfig;
import io.quarkus.runtime.ShutdownEvent;

/**
 * One deadline for every consumer's drain at shutdown: {@code app.shutdown.drain-timeout} after the shutdown event,
 * so that the drains, which run one after another, still wait at most that long together.
 */
@ApplicationScoped
public class ShutdownDeadline {

    private final Duration timeout;
    private volatile long deadlineNanos;
    private volatile boolean started;

    ShutdownDeadline(AppConfig config) {
        this.timeout = config.shutdown().drainTimeout();
    }

    void begin(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        start();
    }

    /** The drain deadline in {@link System#nanoTime()} terms, set the first time this is asked or at the event. */
    public synchronized long nanos() {
        start();
        return deadlineNanos;
    }

    public Duration timeout() {
        return timeout;
    }

    private synchronized void start() {
        if (!started) {
            deadlineNanos = System.nanoTime() + timeout.toNanos();
            started = true;
        }
    }
}
