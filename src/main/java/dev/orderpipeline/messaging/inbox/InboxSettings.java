package dev.orderpipeline.messaging.inbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Retention of processed-message ids. Must exceed dead-letter retention, or a late replay could apply twice. */
@ConfigMapping(prefix = "app.inbox")
public interface InboxSettings {

    @WithDefault("30D")
    Duration retention();
}
