package dev.orderpipeline.deployment;

import static dev.orderpipeline.deployment.AppPods.appDeployments;
import static dev.orderpipeline.deployment.DeploymentSources.OVERLAYS;
import static dev.orderpipeline.deployment.DeploymentSources.files;
import static dev.orderpipeline.deployment.DeploymentSources.kubectl;
import static dev.orderpipeline.deployment.DeploymentSources.kustomizations;
import static dev.orderpipeline.deployment.DeploymentSources.overlays;
import static dev.orderpipeline.deployment.DeploymentSources.renderings;
import static dev.orderpipeline.deployment.Manifests.kind;
import static dev.orderpipeline.deployment.Manifests.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orderpipeline.deployment.Manifests.Kustomization;
import dev.orderpipeline.deployment.Manifests.Rendering;

/** Every manifest under deployment/ is valid, applied by some kustomization, and every overlay renders with kubectl. */
class KustomizationsTest {

    @BeforeAll
    static void read() {
        DeploymentSources.read();
    }

    @Test
    void shouldParseEveryManifestAndUseItFromAKustomization() {
        List<String> problems = new ArrayList<>();
        Set<Path> used = new HashSet<>();
        for (Kustomization kustomization : kustomizations) {
            for (Path path : concat(kustomization.resources(), kustomization.patches())) {
                if (Files.isDirectory(path)) {
                    if (Stream.of("kustomization.yaml", "kustomization.yml", "Kustomization")
                            .noneMatch(name -> Files.isRegularFile(path.resolve(name)))) {
                        problems.add(kustomization.file() + " names directory " + path + ", which has no kustomization");
                    }
                } else if (!files.containsKey(path)) {
                    problems.add(kustomization.file() + " names " + path + ", which does not exist");
                }
                used.add(path);
            }
        }
        files.forEach((file, documents) -> {
            if (Manifests.isKustomization(file)) {
                return;
            }
            if (!used.contains(file)) {
                problems.add(file + " is used by no kustomization: it would never be applied");
            }
            for (JsonNode document : documents) {
                if (document.path("apiVersion").asText().isEmpty() || kind(document).isEmpty() || name(document).isEmpty()) {
                    problems.add(file + " has a document without apiVersion, kind or metadata.name");
                }
            }
        });
        assertThat(overlays()).as("overlays under %s", OVERLAYS)
                .extracting(overlay -> overlay.getFileName().toString()).contains("dev", "prod");
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldRenderEveryOverlayWithKubectl() {
        assumeTrue(kubectl.isPresent(), "kubectl is not on the PATH (Debian: apt-get install kubernetes-client): "
                + "the overlays are not rendered, the resource files are still checked");
        assertThat(renderings).hasSameSizeAs(overlays());
        for (Rendering rendering : renderings) {
            assertThat(rendering.exitCode()).as("kubectl kustomize %s failed: %s", rendering.overlay(), rendering.errors())
                    .isZero();
            assertThat(appDeployments(rendering.documents())).as("app Deployments of %s", rendering.overlay()).isNotEmpty();
        }
    }

    @SafeVarargs
    static <T> List<T> concat(List<? extends T>... lists) {
        List<T> all = new ArrayList<>();
        for (List<? extends T> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
