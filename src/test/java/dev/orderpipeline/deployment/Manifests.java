package dev.orderpipeline.deployment;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Kubernetes manifests under deployment/: each YAML file as written, and each overlay as kustomize renders it.
 * (jackson-dataformat-yaml reaches the test classpath with the local stack's Kafka, in provided scope.)
 */
final class Manifests {

    private static final YAMLMapper YAML = new YAMLMapper();

    private Manifests() {
    }

    /** Every document of every YAML file under root, by file; fails on a file that is not valid YAML. */
    static Map<Path, List<JsonNode>> readAll(Path root) {
        Map<Path, List<JsonNode>> documents = new LinkedHashMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(Files::isRegularFile)
                    .filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
                    .sorted()
                    .forEach(path -> documents.put(path.normalize(), read(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    static List<JsonNode> read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    /** The documents of a YAML stream, leaving out empty ones (a leading comment block, a trailing ---). */
    static List<JsonNode> parse(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    static boolean isKustomization(Path file) {
        String name = file.getFileName().toString();
        return name.equals("kustomization.yaml") || name.equals("kustomization.yml") || name.equals("Kustomization");
    }

    /** What one kustomization file names: resources (files or directories) and patch files, as paths. */
    record Kustomization(Path file, List<Path> resources, List<Path> patches) {

        static Kustomization of(Path file, JsonNode node) {
            Path dir = file.getParent();
            List<Path> resources = new ArrayList<>();
            List<Path> patches = new ArrayList<>();
            for (String field : List.of("resources", "bases", "components")) {
                node.path(field).forEach(entry -> resources.add(dir.resolve(entry.asText()).normalize()));
            }
            node.path("patchesStrategicMerge").forEach(entry -> {
                if (!entry.asText().contains("\n")) {
                    patches.add(dir.resolve(entry.asText()).normalize());
                }
            });
            for (String field : List.of("patches", "patchesJson6902")) {
                node.path(field).forEach(entry -> {
                    if (entry.hasNonNull("path")) {
                        patches.add(dir.resolve(entry.get("path").asText()).normalize());
                    }
                });
            }
            return new Kustomization(file, resources, patches);
        }
    }

    /** kubectl on the PATH, if any. */
    static Optional<Path> kubectl() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** What {@code kubectl kustomize <overlay>} printed, and how it ended. */
    record Rendering(Path overlay, int exitCode, String output, String errors) {

        boolean succeeded() {
            return exitCode == 0;
        }

        List<JsonNode> documents() {
            return parse(output);
        }
    }

    static Rendering render(Path kubectl, Path overlay) {
        try {
            Path output = Files.createTempFile("kustomize-", ".yaml");
            Path errors = Files.createTempFile("kustomize-", ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", overlay.toString())
                        .redirectOutput(output.toFile())
                        .redirectError(errors.toFile())
                        .start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return new Rendering(overlay, -1, "", "kubectl kustomize did not finish within 60 s");
                }
                return new Rendering(overlay, process.exitValue(), Files.readString(output), Files.readString(errors));
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String kind(JsonNode resource) {
        return resource.path("kind").asText();
    }

    static String name(JsonNode resource) {
        return resource.path("metadata").path("name").asText();
    }

    static List<JsonNode> ofKind(List<JsonNode> resources, String kind) {
        return resources.stream().filter(resource -> kind(resource).equals(kind)).toList();
    }

    static Optional<JsonNode> find(List<JsonNode> resources, String kind, String name) {
        return resources.stream().filter(r -> kind(r).equals(kind) && name(r).equals(name)).findFirst();
    }

    /** The labels of a selector (matchLabels, or a Service's plain map) all present with the same values. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        JsonNode wanted = selector.has("matchLabels") ? selector.get("matchLabels") : selector;
        if (wanted.isMissingNode() || wanted.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> entry : wanted.properties()) {
            if (!labels.path(entry.getKey()).asText().equals(entry.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    /** The texts of a YAML sequence's elements. */
    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }
}
