package dev.orderpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * In prod the api pods carry only what the api role uses: no AMQP login, not the database owner (a DML-only role that
 * does not migrate), their own KafkaUser; the workers carry no admin user. Checked on the rendered prod overlay.
 */
class RoleCredentialsTest {

    static final String DATABASE_OWNER_SECRET = "order-pipeline-db-app";
    static final String BROKER_SECRET = "order-pipeline-broker-credentials-secret";
    static final String ADMIN_SECRET = "order-pipeline-admin";

    @BeforeAll
    static void read() {
        DeploymentSources.read();
    }

    @Test
    void shouldGiveEachProdRoleOnlyTheCredentialsItUses() {
        DeploymentSources.View prod = DeploymentSources.views.stream()
                .filter(view -> view.overlay().filter("prod"::equals).isPresent()).findFirst().orElse(null);
        assumeTrue(prod != null, "kubectl is not on the PATH: the prod overlay is not rendered");
        List<String> problems = new ArrayList<>();
        List<String> kafkaUsers = new ArrayList<>();
        for (JsonNode deployment : AppPods.appDeployments(prod.resources())) {
            JsonNode container = AppPods.appContainer(deployment);
            var environment = AppPods.environment(container, prod.resources());
            String where = Manifests.name(deployment);
            String secrets = secretsReadBy(container);
            KafkaAccessTest.userOf(container, prod.resources()).ifPresent(user -> kafkaUsers.add(Manifests.name(user)));
            if ("true".equals(environment.get(AppPods.API_ROLE))) {
                if (secrets.contains(BROKER_SECRET) || environment.containsKey("AMQP_PASSWORD")) {
                    problems.add(where + ": the api role gets the AMQP login");
                }
                if (secrets.contains(DATABASE_OWNER_SECRET)) {
                    problems.add(where + ": the api role logs in as the database owner");
                }
                if (!"false".equals(environment.get("QUARKUS_FLYWAY_MIGRATE_AT_START"))) {
                    problems.add(where + ": the api role would run the migrations");
                }
                checkDmlOnlyRole(where, container, prod.resources(), problems);
            } else {
                if (secrets.contains(ADMIN_SECRET) || environment.containsKey("APP_ADMIN_PASSWORD")) {
                    problems.add(where + ": the workers role gets the admin user");
                }
            }
        }
        assertThat(kafkaUsers).as("one KafkaUser per role").doesNotHaveDuplicates().hasSize(2);
        assertThat(problems).isEmpty();
    }

    /** The api's database login is a CloudNativePG managed role that may change rows and nothing else. */
    private static void checkDmlOnlyRole(String where, JsonNode container, List<JsonNode> resources, List<String> problems) {
        String secret = secretOf(container, "QUARKUS_DATASOURCE_USERNAME");
        for (JsonNode cluster : Manifests.ofKind(resources, "Cluster")) {
            JsonNode role = null;
            for (JsonNode candidate : cluster.path("spec").path("managed").path("roles")) {
                if (candidate.path("passwordSecret").path("name").asText().equals(secret)) {
                    role = candidate;
                }
            }
            if (role == null) {
                problems.add(where + ": its database Secret " + secret + " is no managed role of " + Manifests.name(cluster));
                continue;
            }
            for (String power : List.of("superuser", "createdb", "createrole", "replication", "bypassrls")) {
                if (role.path(power).asBoolean(false)) {
                    problems.add(where + ": database role " + role.path("name").asText() + " has " + power);
                }
            }
            String name = role.path("name").asText();
            String grants = String.join("\n", Manifests.texts(
                    cluster.path("spec").path("bootstrap").path("initdb").path("postInitApplicationSQL"))).toUpperCase(Locale.ROOT);
            if (!grants.contains("GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + name.toUpperCase(Locale.ROOT))) {
                problems.add(where + ": no DML grant on the owner's tables for " + name);
            }
            for (String line : grants.split("\n")) {
                if (line.contains(name.toUpperCase(Locale.ROOT)) && (line.contains("GRANT ALL") || line.contains("CREATE ON")
                        || line.contains("TRUNCATE") || line.contains(" OWNER "))) {
                    problems.add(where + ": " + name + " gets more than row access: " + line);
                }
            }
        }
    }

    private static String secretOf(JsonNode container, String variable) {
        for (JsonNode entry : container.path("env")) {
            if (entry.path("name").asText().equals(variable)) {
                return entry.path("valueFrom").path("secretKeyRef").path("name").asText();
            }
        }
        return "";
    }

    private static String secretsReadBy(JsonNode container) {
        return container.path("env").toString() + container.path("envFrom").toString();
    }
}
