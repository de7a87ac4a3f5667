package dev.orderpipeline.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The product's settings the suite depends on, read from its application.properties (prod profile) by SmallRye Config, never copied. */
final class ProductSettings {

    private final SmallRyeConfig config;

    private ProductSettings(SmallRyeConfig config) {
        this.config = config;
    }

    static ProductSettings read(Path basedir) {
        Path file = basedir.resolve("src/main/resources/application.properties");
        try {
            return new ProductSettings(new SmallRyeConfigBuilder().withProfile("prod")
                    .withSources(new PropertiesConfigSource(file.toUri().toURL())).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** quarkus.http.limits.max-body-size: above it the HTTP layer may close the connection while a body uploads. */
    long maxHttpBodyBytes() {
        return new MemorySizeConverter().convert(config.getValue("quarkus.http.limits.max-body-size", String.class)).asLongValue();
    }

    /** app.api.max-body-bytes: above it the API answers 413 with a problem, before reading the body. */
    long apiMaxBodyBytes() {
        return config.getValue("app.api.max-body-bytes", Long.class);
    }
}
