package dev.orderpipeline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The kustomizations use no deprecated field, and kubectl renders them without a warning. */
class KustomizeFieldsTest {

    private static final List<String> DEPRECATED = List.of("bases", "commonLabels", "patchesStrategicMerge",
            "patchesJson6902", "vars", "imageTags");

    @BeforeAll
    static void read() {
        DeploymentSources.read();
    }

    @Test
    void shouldUseNoDeprecatedKustomizeField() {
        List<String> problems = new ArrayList<>();
        DeploymentSources.files.forEach((file, documents) -> {
            if (Manifests.isKustomization(file)) {
                for (JsonNode document : documents) {
                    DEPRECATED.stream().filter(document::has).forEach(field -> problems.add(file + " uses " + field));
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldRenderEveryOverlayWithoutAWarning() {
        for (Manifests.Rendering rendering : DeploymentSources.renderings) {
            assertThat(rendering.errors()).as("kubectl kustomize %s", rendering.overlay())
                    .doesNotContainIgnoringCase("warning").doesNotContainIgnoringCase("deprecated");
            assertThat(rendering.output().lines().filter(line -> line.startsWith("# Warning")))
                    .as("kubectl kustomize %s", rendering.overlay()).isEmpty();
        }
    }
}
