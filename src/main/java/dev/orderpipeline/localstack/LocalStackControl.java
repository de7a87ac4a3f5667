package dev.orderpipeline.localstack;

import java.lang.management.ManagementFactory;
import java.util.Map;

import javax.management.JMException;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Addresses and start/stop controls of the local stack running in this JVM, for tests and tools.
 *
 * <p>The stack registers itself as the platform MBean {@code dev.orderpipeline:type=LocalStack}, so that every
 * class loader of a dev-mode reload or a test run sees the same servers and none starts them twice.
 */
public final class LocalStackControl {

    private static final ObjectName NAME = objectName();

    private LocalStackControl() {
    }

    /** Whether a local stack runs in this JVM. */
    public static boolean isRunning() {
        return ManagementFactory.getPlatformMBeanServer().isRegistered(NAME);
    }

    /** A configuration value of the running stack, for example {@code kafka.bootstrap.servers}. */
    public static String config(String key) {
        Map<String, String> config = runningConfig();
        if (config == null || !config.containsKey(key)) {
            throw new IllegalStateException("The local stack does not provide " + key);
        }
        return config.get(key);
    }

    /** Stops one server ({@code kafka}, {@code artemis}, {@code postgres}, {@code mail}), keeping its port and data. */
    public static void stop(String server) {
        proxy().stop(server);
    }

    /** Starts a stopped server again on the same port with the same data. */
    public static void start(String server) {
        proxy().start(server);
    }

    static Map<String, String> runningConfig() {
        return isRunning() ? proxy().getConfig() : null;
    }

    static void register(LocalStackMXBean stack) {
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(stack, NAME);
        } catch (JMException e) {
            throw new IllegalStateException("Cannot register the local stack MBean", e);
        }
    }

    private static LocalStackMXBean proxy() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (!server.isRegistered(NAME)) {
            throw new IllegalStateException("No local stack runs in this JVM");
        }
        return JMX.newMXBeanProxy(server, NAME, LocalStackMXBean.class);
    }

    private static ObjectName objectName() {
        try {
            return new ObjectName("dev.orderpipeline:type=LocalStack");
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }
}
