package dev.orderpipeline.bench;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import dev.orderpipeline.harness.AppProcess;

/**
 * One benchmark run as its phases share it: the settings, the results and timeline they add to, the servers, the time
 * budget (a phase that would not fit is skipped and said so), and the wait for the pipeline to drain between phases.
 */
final class BenchRun {

    static final int SETTLE_SECONDS = 90;

    private final BenchSettings settings;
    private final Results results;
    private final Timeline timeline;
    private final StackServers stack;
    private final long deadline;

    BenchRun(BenchSettings settings, Results results, Timeline timeline, StackServers stack, long deadline) {
        this.settings = settings;
        this.results = results;
        this.timeline = timeline;
        this.stack = stack;
        this.deadline = deadline;
    }

    BenchSettings settings() {
        return settings;
    }

    Results results() {
        return results;
    }

    Timeline timeline() {
        return timeline;
    }

    StackServers stack() {
        return stack;
    }

    String bootstrap() {
        return stack.get("kafka.bootstrap.servers");
    }

    boolean fits(long seconds, String what) {
        if (System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) <= deadline) {
            return true;
        }
        results.notes.add("Skipped " + what + ": it would not fit in the time budget (bench.budget-seconds="
                + settings.budgetSeconds() + ")");
        log("skipping " + what + " (time budget)");
        return false;
    }

    /**
     * Waits (bounded) until the pipeline is idle: every order final with its email, no outbox row unpublished, so
     * that one phase's backlog does not count in the next. False if it did not get there in time.
     */
    boolean settle(Database database, AppProcess app) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
        long start = System.nanoTime();
        while (System.nanoTime() < until) {
            app.checkRunning();
            long open = database.count("select count(*) from customer_order where status not in ('CONFIRMED', 'REJECTED', 'PAYMENT_FAILED')");
            long unsent = database.count("select (select count(*) from customer_order) - (select count(*) from sent_email)");
            long unpublished = database.count("select count(*) from outbox_message where published_at is null");
            if (open == 0 && unsent <= 0 && unpublished == 0) {
                if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(1)) {
                    timeline.phase("settle", start, System.nanoTime());
                }
                return true;
            }
            Thread.sleep(250);
        }
        timeline.phase("settle (gave up)", start, System.nanoTime());
        log("  the pipeline did not drain within " + SETTLE_SECONDS + " s");
        return false;
    }

    void createTopics(String... topics) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(topics).stream().map(name -> new NewTopic(name, 3, (short) 1)).toList()).all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    static void log(String message) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
        System.out.flush();
    }
}
