package dev.orderpipeline.localstack;

import java.nio.file.Path;

/**
 * Where the local stack listens and keeps its data.
 *
 * <p>Dev mode uses fixed, well-known ports so that ordinary clients (a mail client, kcat, psql) can connect;
 * tests use free ports so that they can run beside a running dev mode.
 */
record LocalStackSettings(Path dataDirectory, boolean fixedPorts, boolean durable, boolean deleteOnStop,
                          int emailMaxDeliveries, long emailRedeliveryDelayMs) {

    static final int DEV_KAFKA_PORT = 9092;
    static final int DEV_KAFKA_CONTROLLER_PORT = 9093;
    static final int DEV_AMQP_PORT = 5672;
    static final int DEV_POSTGRES_PORT = 5433;
    static final int DEV_SMTP_PORT = 3025;
    static final int DEV_IMAP_PORT = 3143;
    static final int DEV_POP3_PORT = 3110;

    int port(int devPort) {
        return fixedPorts ? devPort : Ports.free();
    }
}
