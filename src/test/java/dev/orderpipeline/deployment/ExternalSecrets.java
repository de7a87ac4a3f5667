package dev.orderpipeline.deployment;

import java.util.Map;
import java.util.Set;

/**
 * The Secrets that deliberately are not among the manifests: an operator of the cluster creates them (deployment/README.md
 * documents a {@code kubectl create secret} for each), so no credential is ever committed. Name to keys.
 */
final class ExternalSecrets {

    static final Map<String, Set<String>> SECRETS = Map.of(
            "order-pipeline-admin", Set.of("APP_ADMIN_USERNAME", "APP_ADMIN_PASSWORD"),
            "order-pipeline-db-api", Set.of("username", "password"),
            "order-pipeline-keda-kafka", Set.of("username", "password"));

    private ExternalSecrets() {
    }

    static boolean isExternal(String name) {
        return SECRETS.containsKey(name);
    }

    static Set<String> keys(String name) {
        return SECRETS.getOrDefault(name, Set.of());
    }
}
