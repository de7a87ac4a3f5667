package dev.orderpipeline.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * Every {@code app.*} setting, one group per concern; each default is in application.properties (one line per key,
 * settable by its environment variable), never here, so this tree declares no {@code @WithDefault}.
 *
 * <p>Inject the tree (constructor injection) and keep the group a bean needs. Depends on the JDK and SmallRye Config
 * only, so every package may read it (ArchitectureTest).
 */
@ConfigMapping(prefix = "app")
public interface AppConfig {

    Role role();

    Admin admin();

    Viewer viewer();

    Api api();

    Topic topic();

    Amqp amqp();

    Kafka kafka();

    Outbox outbox();

    Inbox inbox();

    Retry retry();

    @WithName("dead-letters")
    DeadLetters deadLetters();

    Housekeeping housekeeping();

    Catalog catalog();

    Orders orders();

    Mail mail();

    Health health();

    Shutdown shutdown();

    @WithName("local-stack")
    LocalStack localStack();

    /**
     * Which roles this instance plays. {@code api}: the REST endpoints. {@code workers}: the outbox relay and every
     * Kafka and AMQP consumer. Kubernetes runs them as separate Deployments of one image.
     */
    interface Role {

        @WithName("api.enabled")
        boolean api();

        @WithName("workers.enabled")
        boolean workers();
    }

    /** The HTTP Basic administrator (role admin); absent or blank means none. */
    interface Admin {

        Optional<String> username();

        Optional<String> password();

        /** Shortest admin password accepted at start-up; production raises it to its own floor. */
        int minPasswordLength();
    }

    /** The optional read-only HTTP Basic user (role viewer); absent or blank means none. */
    interface Viewer {

        Optional<String> username();

        Optional<String> password();
    }

    /** The public REST API. */
    interface Api {

        /** Bodies declared larger than this are refused with a 413 problem before they are read. */
        long maxBodyBytes();
    }

    /** Kafka topic of each destination. */
    interface Topic {

        String orders();

        String inventory();

        String payments();

        String catalog();

        /** Read only by the order-activity channel's configuration ({@code ${app.topic.order-activity}}). */
        String orderActivity();
    }

    /** The email work queue on the AMQP broker, and the dead-letter copies sent there. */
    interface Amqp {

        String emailCommandsAddress();

        String emailDeadLetterAddress();

        /** Email commands handled at once per instance. */
        int emailCommandsConcurrency();

        /** The delivery on which a failing command is dead-lettered (AMQP delivery-count + 1). */
        int emailCommandsMaxDeliveries();

        /** Hold before a failed command goes back to the broker; doubles per delivery up to the maximum. */
        Duration emailCommandsRedeliveryDelay();

        Duration emailCommandsMaxRedeliveryDelay();

        /** How long the broker gets to take a dead-letter copy; past it the original is released, held, and comes back. */
        Duration deadLetterSendTimeout();
    }

    /** Kafka settings of the application's own (the clients' are {@code kafka.*} and {@code mp.messaging.*}). */
    interface Kafka {

        /** The consumer group lag gauge is measured again at most this often. */
        Duration lagRefresh();

        /** How often a consumer commits the offsets of what it has handled (and always when it goes idle, is revoked or closes). */
        Duration commitInterval();

        /** The pipeline's consumers by name: the topic each reads and its consumer group. */
        Map<String, Consumer> consumers();

        /** One consumer: a topic and a group; its dead letters go to {@code <topic>.<group>.dlq}. */
        interface Consumer {

            String topic();

            String group();

            default String deadLetterTopic() {
                return topic() + "." + group() + ".dlq";
            }
        }
    }

    /** The outbox relay and the trail of published rows. */
    interface Outbox {

        /** Rows published per relay transaction. */
        int batchSize();

        /**
         * Relay workers in this instance. Each batch takes at most {@code 16 / workers} of the 16 lanes, so workers
         * here and in other instances relay different lanes side by side.
         */
        int workers();

        /**
         * Longest wait between two looks for rows nobody announced (another application's, or an announcement lost);
         * commits of this application wake the relay at once.
         */
        Duration pollInterval();

        /** How long the relay waits for the brokers to acknowledge a batch. */
        Duration publishTimeout();

        /** An unpublished row older than this makes the outbox readiness check DOWN. */
        Duration maxLag();

        /**
         * Whether published rows stay as a trail (marked published, purged after {@link #retention}) or, by default,
         * are deleted as soon as the broker acknowledged them, which costs the database far less write-ahead log.
         */
        boolean keepPublished();

        /** Published rows kept as a trail are deleted after this long. */
        Duration retention();

        /**
         * Refusals of one row (while the broker took other rows, or for a reason that no retry fixes) after which the
         * row is parked in the dead-letter store. A broker outage refuses everything and counts against no row.
         */
        int maxAttempts();

        /** Wait before a refused row is sent again; it doubles with each attempt up to {@link #maxRetryBackoff}. */
        Duration retryBackoff();

        Duration maxRetryBackoff();
    }

    /** The inbox of processed-message ids. */
    interface Inbox {

        /** Must exceed dead-letter retention, or a late replay could apply twice. */
        Duration retention();
    }

    /**
     * Bounds of in-consumer retries of transient failures, before a message is dead-lettered. Each bound can be
     * overridden per consumer (channel), for example {@code app.retry.consumer."payment-inventory".max-attempts=10}.
     */
    interface Retry {

        int maxAttempts();

        Duration initialBackoff();

        Duration maxBackoff();

        Duration maxTotal();

        /** Per-consumer overrides, by channel name. */
        Map<String, ConsumerRetry> consumer();

        /** Overrides of one consumer; what is absent comes from the bounds above. */
        interface ConsumerRetry {

            Optional<Integer> maxAttempts();

            Optional<Duration> initialBackoff();

            Optional<Duration> maxBackoff();

            Optional<Duration> maxTotal();
        }
    }

    /** The dead-letter store. */
    interface DeadLetters {

        /** Bulk replay speed, messages per second. */
        int replayRate();

        /** Replayed and discarded dead letters are purged after this; NEW ones stay. */
        Duration retention();
    }

    /** The purge of what is past retention (outbox trail, inbox, dead letters). */
    interface Housekeeping {

        Duration interval();

        /** Rows deleted per short transaction. */
        int chunk();
    }

    /** Product changes. */
    interface Catalog {

        /** How long a product PUT waits for the change to reach every catalog copy. */
        Duration propagationTimeout();
    }

    /** Orders that do not finish. */
    interface Orders {

        /** An order not final this long after it was placed is stuck. */
        Duration maxInFlight();

        /** The stuck-orders gauge counts again at most this often. */
        Duration stuckRefresh();
    }

    /** SMTP, fed by the QUARKUS_MAILER_* environment variables. */
    interface Mail {

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

    /** Readiness checks. */
    interface Health {

        /** How long the SMTP check waits for the server's greeting. */
        @WithName("mail.timeout")
        Duration mailTimeout();
    }

    /** Shutdown. */
    interface Shutdown {

        /** How long the batches and commands in hand get, together, to finish after SIGTERM. */
        Duration drainTimeout();
    }

    /**
     * The dev and test local stack. Read by LocalStackConfigSourceFactory while the configuration is being built,
     * before this tree exists, so their defaults are in that class (the one exception to application.properties);
     * the ports are written by the local stack for tests to read. Named here so that the tree knows every app.* key.
     */
    interface LocalStack {

        Optional<Boolean> enabled();

        Optional<Boolean> durable();

        Optional<Integer> emailMaxDeliveries();

        Optional<Long> emailRedeliveryDelayMs();

        OptionalInt imapPort();

        OptionalInt pop3Port();
    }
}
