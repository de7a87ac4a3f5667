package dev.orderpipeline.messaging;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import io.quarkus.arc.ClientProxy;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.KafkaConnector;
import io.smallrye.reactive.messaging.kafka.impl.KafkaSource;

/**
 * The Kafka consumers' part of a shutdown, for every consumer at once: from the shutdown event on, no new batch is
 * taken (one that arrives is left uncommitted, so the partition's next owner reads it again from the last committed
 * offset), and the batches in hand get until the {@link ShutdownDeadline} to finish. Then every consumer commits what
 * was handled and leaves its group, all at the same time: the pipeline's own consumers ({@link KafkaConsumers}) and
 * the connector's (the dead-letter store's).
 *
 * <p>The connector would close its consumers one after another, each after a grace pause of two poll timeouts (2 s)
 * that is turned off here ({@code graceful-shutdown=false}); the leaving alone took 0.3–1.1 s per consumer. Its
 * sources are not public, so they are reached by reflection; should that fail (another SmallRye version), the
 * connector closes them itself, one by one, as before.
 */
@ApplicationScoped
public class KafkaDrain {

    /** Longest wait for the consumers to leave their groups, after the drain. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final ShutdownDeadline deadline;
    private final Instance<KafkaConnector> connector;
    private final Instance<KafkaConsumers> consumers;
    private final Object lock = new Object();
    private int inFlight;
    private boolean draining;

    KafkaDrain(ShutdownDeadline deadline, @Any Instance<KafkaConnector> connector, Instance<KafkaConsumers> consumers) {
        this.deadline = deadline;
        this.connector = connector;
        this.consumers = consumers;
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

    /** Whether the instance is shutting down. */
    boolean draining() {
        synchronized (lock) {
            return draining;
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
        long until = deadline.nanos();
        int left;
        synchronized (lock) {
            draining = true;
        }
        consumers.get().stop();
        synchronized (lock) {
            while (inFlight > 0 && System.nanoTime() < until) {
                try {
                    lock.wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            left = inFlight;
        }
        if (left > 0) {
            Log.warnf("%d Kafka batch(es) still in hand after %d ms; left unacknowledged for the next owner", left,
                    deadline.timeout().toMillis());
        }
        closeConsumersTogether(System.nanoTime() + CLOSE_TIMEOUT.toNanos());
    }

    private void closeConsumersTogether(long deadline) {
        List<KafkaSource<?, ?>> sources = sources();
        if (sources.isEmpty()) {
            consumers.get().awaitClosed(deadline + CLOSE_TIMEOUT.toNanos());
            return;
        }
        ExecutorService closers = Executors.newFixedThreadPool(sources.size(), runnable -> {
            Thread thread = new Thread(runnable, "kafka-consumer-close");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> closes = sources.stream().<Future<?>> map(source -> closers.submit(source::closeQuietly)).toList();
            consumers.get().awaitClosed(deadline + CLOSE_TIMEOUT.toNanos());
            for (Future<?> close : closes) {
                try {
                    close.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    Log.warnf("A Kafka consumer did not close within %d ms; the JVM exits anyway", CLOSE_TIMEOUT.toMillis());
                    break;
                } catch (ExecutionException e) {
                    Log.debugf("Closing a Kafka consumer failed: %s", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } finally {
            closers.shutdown();
        }
    }

    /** Takes the connector's sources out of its hands (so that it does not close them a second time). */
    @SuppressWarnings("unchecked")
    private List<KafkaSource<?, ?>> sources() {
        if (!connector.isResolvable()) {
            return List.of();
        }
        try {
            Field field = KafkaConnector.class.getDeclaredField("sources");
            field.setAccessible(true);
            List<KafkaSource<?, ?>> held = (List<KafkaSource<?, ?>>) field.get(ClientProxy.unwrap(connector.get()));
            List<KafkaSource<?, ?>> taken = new ArrayList<>(held);
            held.removeAll(taken);
            return taken;
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.debugf("Kafka consumers left to the connector to close one by one: %s", e.toString());
            return List.of();
        }
    }
}
