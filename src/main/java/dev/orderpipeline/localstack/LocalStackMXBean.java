package dev.orderpipeline.localstack;

import java.util.Map;

/** JMX view of the local stack: its configuration and start/stop controls, visible to every class loader of the JVM. */
public interface LocalStackMXBean {

    Map<String, String> getConfig();

    void stop(String server);

    void start(String server);
}
