package dev.orderpipeline.localstack;

import java.util.Map;

/** One real server of the local stack that can be started, stopped and started again on the same port and data. */
interface LocalServer {

    /** Short name used by the stack's controls: {@code kafka}, {@code artemis}, {@code postgres}, {@code mail}. */
    String name();

    void start() throws Exception;

    void stop() throws Exception;

    /** Configuration keys the application needs to reach this server. */
    Map<String, String> config();

    /** Human-readable addresses, logged once at start. */
    String describe();
}
