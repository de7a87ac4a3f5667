package dev.orderpipeline.localstack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import org.jboss.logging.Logger;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * In dev mode and tests, starts the local stack before anything connects and points the configuration at it.
 *
 * <p>Its values rank above {@code application.properties} and below environment variables and system
 * properties, so an explicitly configured server always wins. Disabled with {@code app.local-stack.enabled=false}
 * and never active in the prod profile.
 */
public class LocalStackConfigSourceFactory implements ConfigSourceFactory {

    private static final Logger LOG = Logger.getLogger(LocalStackConfigSourceFactory.class);

    private static final int ORDINAL = 275;
    private static final String PROBE_CLASS = "org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean dev = profiles.contains("dev");
        boolean test = profiles.contains("test");
        if ((!dev && !test) || !enabled(context) || !serverClassesPresent()) {
            return List.of();
        }
        Map<String, String> config = LocalStack.ensureStarted(settings(context, dev));
        return List.of(new PropertiesConfigSource(config, "local-stack", ORDINAL));
    }

    private static LocalStackSettings settings(ConfigSourceContext context, boolean dev) {
        int maxDeliveries = intValue(context, "app.local-stack.email-max-deliveries", 5);
        long redeliveryDelay = intValue(context, "app.local-stack.email-redelivery-delay-ms", 1000);
        if (dev) {
            return new LocalStackSettings(Path.of("target", "local-stack"), true,
                    booleanValue(context, "app.local-stack.durable", true), false, maxDeliveries, redeliveryDelay);
        }
        Path directory = Path.of("target", "local-stack-test", String.valueOf(ProcessHandle.current().pid()));
        return new LocalStackSettings(directory.toAbsolutePath(), false,
                booleanValue(context, "app.local-stack.durable", false), true, maxDeliveries, redeliveryDelay);
    }

    private static boolean enabled(ConfigSourceContext context) {
        return booleanValue(context, "app.local-stack.enabled", true);
    }

    private static boolean serverClassesPresent() {
        try {
            Class.forName(PROBE_CLASS, false, LocalStackConfigSourceFactory.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            LOG.warn("Local stack requested but its server classes are not on the class path; configure external servers");
            return false;
        }
    }

    private static boolean booleanValue(ConfigSourceContext context, String key, boolean defaultValue) {
        ConfigValue value = context.getValue(key);
        return value == null || value.getValue() == null ? defaultValue : Boolean.parseBoolean(value.getValue());
    }

    private static int intValue(ConfigSourceContext context, String key, int defaultValue) {
        ConfigValue value = context.getValue(key);
        return value == null || value.getValue() == null ? defaultValue : Integer.parseInt(value.getValue());
    }
}
