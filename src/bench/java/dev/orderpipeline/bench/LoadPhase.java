package dev.orderpipeline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One end-to-end load phase: orders are checked out over HTTP and each counts as confirmed when its confirmation
 * email shows up in the mail box. Closed loop: N users, each checks out and waits for the email before the next.
 * Open loop: a fixed rate on a fixed schedule, whatever the answers; latencies from the intended send time.
 */
final class LoadPhase {

    /**
     * What a phase measured, before it is joined with CPU and database counters. {@code offeringEndNanos}: when the
     * last order was sent; {@code cutShort}: the open loop stopped offering before its schedule's end because the
     * backlog reached its bound, {@code backlog} orders then sent but without their email yet (in the closed loop: at
     * the end of offering); {@code confirmationNanos}: when each confirmation arrived.
     */
    record Outcome(long startNanos, long endNanos, long sent, long accepted, long httpErrors, long confirmed,
            long otherEmails, long timedOut, double confirmedPerSecond, double maxSendLagMillis, Latency checkout,
            Latency endToEnd, long offeringEndNanos, boolean cutShort, long backlog, List<Long> confirmationNanos) {
    }

    private static final int MAX_IN_FLIGHT_REQUESTS = 2000;

    private final ShopClient shop;
    private final Deliveries deliveries;
    private final Timeline timeline;

    private final Latency checkout = new Latency();
    private final Latency endToEnd = new Latency();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong httpErrors = new AtomicLong();
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicLong otherEmails = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong lastDelivery = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong maxSendLag = new AtomicLong();
    /** Orders of this phase still waiting for their email, with the time their latency counts from. */
    private final Map<String, Long> waiting = new ConcurrentHashMap<>();
    private final Queue<Long> confirmations = new ConcurrentLinkedQueue<>();
    private long offeringEnd;
    private boolean cutShort;
    private long backlog;

    LoadPhase(ShopClient shop, Deliveries deliveries, Timeline timeline) {
        this.shop = shop;
        this.deliveries = deliveries;
        this.timeline = timeline;
    }

    Outcome closedLoop(int users, long durationNanos, long drainNanos) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + durationNanos;
        List<Thread> threads = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            Thread user = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long sentAt = System.nanoTime();
                    sent.incrementAndGet();
                    ShopClient.Checkout result;
                    try {
                        result = shop.checkout();
                    } catch (Exception e) {
                        httpErrors.incrementAndGet();
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                        continue;
                    }
                    long answeredAt = System.nanoTime();
                    checkout.recordNanos(answeredAt - sentAt);
                    if (!result.accepted()) {
                        httpErrors.incrementAndGet();
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                        continue;
                    }
                    accepted.incrementAndGet();
                    timeline.count(Timeline.CHECKOUTS, answeredAt, 1);
                    CompletableFuture<Void> email = new CompletableFuture<>();
                    expect(result.orderId(), sentAt, email);
                    try {
                        email.get(drainNanos, TimeUnit.NANOSECONDS);
                    } catch (TimeoutException e) {
                        giveUp(result.orderId(), System.nanoTime());
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "bench-user-" + u);
            user.setDaemon(true);
            user.start();
            threads.add(user);
        }
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        }
        offeringEnd = end;
        backlog = waiting.size();
        for (Thread user : threads) {
            user.join(TimeUnit.NANOSECONDS.toMillis(durationNanos + drainNanos) + 35_000);
        }
        return outcome(start, end);
    }

    /**
     * The open loop, bounded in time ({@code durationNanos} of offering, then at most {@code drainNanos} for the emails)
     * and in count: it stops offering early once {@code maxBacklog} orders are sent and still without their email.
     */
    Outcome openLoop(double ratePerSecond, long durationNanos, long drainNanos, long maxBacklog) throws InterruptedException {
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        OpenLoopSchedule schedule = new OpenLoopSchedule(start, ratePerSecond, durationNanos);
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT_REQUESTS);
        AtomicLong answered = new AtomicLong();
        long count = schedule.count();
        long end = schedule.intendedNanos(count);
        for (long i = 0; i < count; i++) {
            if (sent.get() - answered.get() + waiting.size() >= maxBacklog) {
                cutShort = true;
                end = System.nanoTime();
                break;
            }
            long intended = schedule.intendedNanos(i);
            long now;
            while ((now = System.nanoTime()) < intended) {
                LockSupport.parkNanos(intended - now);
            }
            // Waiting here for a free slot delays the send, not the clock: the latency still counts from `intended`.
            inFlight.acquire();
            maxSendLag.accumulateAndGet(schedule.lagNanos(i, System.nanoTime()), Math::max);
            sent.incrementAndGet();
            shop.checkoutAsync().whenComplete((result, failure) -> {
                long answeredAt = System.nanoTime();
                inFlight.release();
                checkout.recordNanos(answeredAt - intended);
                if (failure != null || !result.accepted()) {
                    httpErrors.incrementAndGet();
                } else {
                    accepted.incrementAndGet();
                    timeline.count(Timeline.CHECKOUTS, answeredAt, 1);
                    expect(result.orderId(), intended, null);
                }
                answered.incrementAndGet();
            });
        }
        offeringEnd = end;
        backlog = sent.get() - answered.get() + waiting.size();
        long deadline = System.nanoTime() + drainNanos;
        while ((answered.get() < sent.get() || !waiting.isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long gaveUpAt = System.nanoTime();
        for (String orderId : List.copyOf(waiting.keySet())) {
            giveUp(orderId, gaveUpAt);
        }
        httpErrors.addAndGet(sent.get() - answered.get()); // no answer before the drain deadline
        return outcome(start, end);
    }

    private void expect(String orderId, long from, CompletableFuture<Void> done) {
        waiting.put(orderId, from);
        deliveries.expect(orderId, (isConfirmation, at) -> {
            if (waiting.remove(orderId) == null) {
                return; // already given up on
            }
            if (isConfirmation) {
                endToEnd.recordNanos(at - from);
                confirmed.incrementAndGet();
                confirmations.add(at);
                timeline.count(Timeline.EMAILS, at, 1);
            } else {
                otherEmails.incrementAndGet();
            }
            lastDelivery.accumulateAndGet(at, Math::max);
            if (done != null) {
                done.complete(null);
            }
        });
    }

    /** No email in time: counted as timed out, and recorded at the time waited (a lower bound, not left out). */
    private void giveUp(String orderId, long now) {
        Long from = waiting.remove(orderId);
        deliveries.forget(orderId);
        if (from != null) {
            timedOut.incrementAndGet();
            endToEnd.recordNanos(now - from);
        }
    }

    private Outcome outcome(long start, long end) {
        long last = lastDelivery.get();
        double seconds = last == Long.MIN_VALUE ? Double.NaN : Math.max(last, end) - start;
        return new Outcome(start, Math.max(end, last == Long.MIN_VALUE ? end : last), sent.get(), accepted.get(),
                httpErrors.get(), confirmed.get(), otherEmails.get(), timedOut.get(),
                confirmed.get() / (seconds / 1e9), maxSendLag.get() / 1e6, checkout, endToEnd, offeringEnd, cutShort, backlog,
                List.copyOf(confirmations));
    }
}
