package dev.orderpipeline.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * For tests that read published messages back from the outbox (their ids and payloads, to look them up or send them
 * again): published rows stay as a trail ({@code app.outbox.keep-published=true}) instead of being deleted.
 */
public class OutboxTrail implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("app.outbox.keep-published", "true");
    }
}
