package dev.orderpipeline.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;

/**
 * The Kafka consumers' part of a shutdown, for every channel at once: from the shutdown event on, no new batch is
 * taken (one that arrives is left unacknowledged, so the partition's next owner reads it again from the last
 * committed offset), and the batches in hand get up to {@code app.shutdown.drain-timeout} to finish. The connector
 * then commits what was acknowledged and closes each consumer (leaving its group) without a grace wait of its own
 * ({@code graceful-shutdown=false}), which would cost two poll timeouts per channel, one channel after another.
 */
@ApplicationScoped
public class KafkaDrain {

    private final Duration timeout;
    private final Object lock = new Object();
    private int inFlight;
    private boolean draining;

    KafkaDrain(@ConfigProperty(name = "app.shutdown.drain-timeout") Duration timeout) {
        this.timeout = timeout;
    }

    /** A batch is about to be handled: false once the instance is shutting down (the batch must be left alone). */
    boolean enter() {
        synchronized (lock) {
            if (draining) {
                return false;
            }
            inFlight++;
            return true;
        }
    }

    /** A batch taken by {@link #enter()} was acknowledged, or gave up. */
    void exit() {
        synchronized (lock) {
            inFlight--;
            lock.notifyAll();
        }
    }

    void drain(@Observes ShutdownEvent event) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int left;
        synchronized (lock) {
            draining = true;
            while (inFlight > 0 && System.nanoTime() < deadline) {
                try {
                    lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            left = inFlight;
        }
        if (left > 0) {
            Log.warnf("%d Kafka batch(es) still in hand after %d ms; left unacknowledged for the next owner", left, timeout.toMillis());
        }
    }
}
