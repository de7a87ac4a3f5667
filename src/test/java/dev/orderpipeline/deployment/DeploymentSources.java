package dev.orderpipeline.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orderpipeline.deployment.Manifests.Kustomization;
import dev.orderpipeline.deployment.Manifests.Rendering;

/**
 * What the deployment tests check, read once per test JVM without starting Quarkus: application.properties as the prod
 * profile sees it, every YAML file under deployment/, and the views to check (the resource files the kustomizations
 * declare, then, when kubectl is on the PATH, each overlay as {@code kubectl kustomize} renders it).
 */
final class DeploymentSources {

    static final Path DEPLOYMENT = Path.of("deployment");
    static final Path OVERLAYS = DEPLOYMENT.resolve("overlays");
    static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");

    static ApplicationProperties config;
    static Map<Path, List<JsonNode>> files;
    static List<Kustomization> kustomizations;
    static Optional<Path> kubectl;
    static List<Rendering> renderings;
    /** The resources to check: those the YAML files declare, then each overlay as kubectl renders it. */
    static List<View> views;

    private DeploymentSources() {
    }

    /** A set of resources checked together: all resource files, or one rendered overlay. */
    record View(String name, Optional<String> overlay, List<JsonNode> resources) {

        @Override
        public String toString() {
            return name;
        }
    }

    /** Reads the configuration and the manifests, and renders the overlays, unless an earlier test class did. */
    static synchronized void read() {
        if (views != null) {
            return;
        }
        config = ApplicationProperties.load(APPLICATION_PROPERTIES, "prod");
        files = Manifests.readAll(DEPLOYMENT);
        kustomizations = new ArrayList<>();
        files.forEach((file, documents) -> {
            if (Manifests.isKustomization(file)) {
                documents.forEach(document -> kustomizations.add(Kustomization.of(file, document)));
            }
        });

        List<View> read = new ArrayList<>();
        List<JsonNode> declared = new ArrayList<>();
        Set<Path> resourceFiles = new HashSet<>();
        kustomizations.forEach(kustomization -> resourceFiles.addAll(kustomization.resources()));
        files.forEach((file, documents) -> {
            if (resourceFiles.contains(file)) {
                declared.addAll(documents);
            }
        });
        read.add(new View("the resource files under " + DEPLOYMENT, Optional.empty(), declared));

        kubectl = Manifests.kubectl();
        renderings = new ArrayList<>();
        kubectl.ifPresent(binary -> overlays().forEach(overlay -> {
            Rendering rendering = Manifests.render(binary, overlay);
            renderings.add(rendering);
            if (rendering.succeeded()) {
                read.add(new View(overlay + " as kubectl renders it", Optional.of(overlay.getFileName().toString()),
                        rendering.documents()));
            }
        }));
        views = read;
    }

    /** The overlays under deployment/overlays: each directory with a kustomization.yaml. */
    static List<Path> overlays() {
        try (Stream<Path> dirs = Files.list(OVERLAYS)) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
