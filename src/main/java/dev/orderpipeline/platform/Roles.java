package dev.orderpipeline.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Which roles this instance plays. {@code api}: the REST endpoints. {@code workers}: the outbox relay and every
 * Kafka and AMQP consumer. Both by default; Kubernetes runs them as separate Deployments of one image.
 */
@ConfigMapping(prefix = "app.role")
public interface Roles {

    @WithName("api.enabled")
    @WithDefault("true")
    boolean api();

    @WithName("workers.enabled")
    @WithDefault("true")
    boolean workers();
}
