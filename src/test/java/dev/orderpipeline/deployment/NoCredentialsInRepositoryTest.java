package dev.orderpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** No credential value is committed: Secrets come from outside (documented) or from the operators. */
class NoCredentialsInRepositoryTest {

    private static final Pattern CREDENTIAL_NAME = Pattern.compile("(?i).*(password|secret|token|jaas|credential).*");

    @BeforeAll
    static void read() {
        DeploymentSources.read();
    }

    @Test
    void shouldDeclareNoSecretAndNoCredentialValueInAnyManifest() {
        List<String> problems = new ArrayList<>();
        for (DeploymentSources.View view : DeploymentSources.views) {
            for (JsonNode resource : view.resources()) {
                if (Manifests.kind(resource).equals("Secret")) {
                    problems.add(view + ": Secret " + Manifests.name(resource) + " is committed; create it from outside");
                }
            }
            AppPods.appDeployments(view.resources()).forEach(deployment -> {
                for (JsonNode variable : AppPods.appContainer(deployment).path("env")) {
                    if (CREDENTIAL_NAME.matcher(variable.path("name").asText()).matches() && variable.has("value")) {
                        problems.add(view + ": " + Manifests.name(deployment) + " sets " + variable.path("name").asText()
                                + " to a literal value");
                    }
                }
            });
            Manifests.ofKind(view.resources(), "ConfigMap").forEach(map -> map.path("data").properties().forEach(entry -> {
                if (CREDENTIAL_NAME.matcher(entry.getKey()).matches()) {
                    problems.add(view + ": ConfigMap " + Manifests.name(map) + " holds " + entry.getKey());
                }
            }));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldDocumentHowToCreateEverySecretThatComesFromOutside() throws IOException {
        String readme = Files.readString(Path.of("deployment", "README.md"));
        for (String secret : ExternalSecrets.SECRETS.keySet()) {
            assertThat(readme).as("deployment/README.md: kubectl create secret ... %s", secret)
                    .containsPattern("kubectl (-n \\S+ )?create secret \\S+ " + Pattern.quote(secret) + "\\b");
            for (String key : ExternalSecrets.keys(secret)) {
                assertThat(readme).as("deployment/README.md: key %s of %s", key, secret).contains(key + "=");
            }
        }
    }
}
