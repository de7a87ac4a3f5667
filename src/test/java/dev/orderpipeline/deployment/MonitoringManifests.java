package dev.orderpipeline.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The monitoring under deployment/: the PrometheusRule alerts, and the Grafana dashboards that a kustomization
 * generates as ConfigMaps labelled for Grafana's sidecar ({@code grafana_dashboard: "1"}), read from their JSON files.
 */
final class MonitoringManifests {

    static final String SIDECAR_LABEL = "grafana_dashboard";

    private static final ObjectMapper JSON = new ObjectMapper();

    private MonitoringManifests() {
    }

    /** A dashboard file, its key in the generated ConfigMap, and its parsed JSON. */
    record Dashboard(Path file, String configMap, String key, JsonNode json) {

        /** Every panel, those nested in collapsed rows included. */
        List<JsonNode> panels() {
            List<JsonNode> panels = new ArrayList<>();
            json.path("panels").forEach(panel -> {
                panels.add(panel);
                panel.path("panels").forEach(panels::add);
            });
            return panels;
        }
    }

    /** Every dashboard a kustomization's configMapGenerator ships with the sidecar's label; fails on invalid JSON. */
    static List<Dashboard> dashboards(Map<Path, List<JsonNode>> files) {
        List<Dashboard> dashboards = new ArrayList<>();
        files.forEach((file, documents) -> {
            if (!Manifests.isKustomization(file)) {
                return;
            }
            documents.forEach(kustomization -> kustomization.path("configMapGenerator").forEach(generator -> {
                if (!"1".equals(generator.path("options").path("labels").path(SIDECAR_LABEL).asText())) {
                    return;
                }
                generator.path("files").forEach(entry -> {
                    String text = entry.asText();
                    int equals = text.indexOf('=');
                    String key = equals < 0 ? Path.of(text).getFileName().toString() : text.substring(0, equals);
                    Path json = file.getParent().resolve(equals < 0 ? text : text.substring(equals + 1)).normalize();
                    dashboards.add(new Dashboard(json, generator.path("name").asText(), key, readJson(json)));
                });
            }));
        });
        return dashboards;
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Not valid JSON: " + file + ": " + e.getMessage(), e);
        }
    }

    static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("Not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Every PrometheusRule expression, by alert (or recording rule). */
    static Map<String, String> ruleExpressions(Map<Path, List<JsonNode>> files) {
        Map<String, String> expressions = new LinkedHashMap<>();
        files.forEach((file, documents) -> Manifests.ofKind(documents, "PrometheusRule").forEach(rule ->
                rule.path("spec").path("groups").forEach(group -> group.path("rules").forEach(alert -> {
                    String name = alert.hasNonNull("alert") ? alert.path("alert").asText() : alert.path("record").asText();
                    expressions.put(file + ": " + name, alert.path("expr").asText());
                }))));
        return expressions;
    }

    /** Every query of every dashboard panel, by dashboard, panel and query. */
    static Map<String, String> panelExpressions(List<Dashboard> dashboards) {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (Dashboard dashboard : dashboards) {
            for (JsonNode panel : dashboard.panels()) {
                panel.path("targets").forEach(target -> expressions.put(dashboard.file() + ": panel \""
                        + panel.path("title").asText() + "\" query " + target.path("refId").asText(), target.path("expr").asText()));
            }
        }
        return expressions;
    }

    /** The rule and panel expressions of everything under {@code root}. */
    static Map<String, String> allExpressions(Path root) {
        Map<Path, List<JsonNode>> files = Manifests.readAll(root);
        Map<String, String> expressions = new LinkedHashMap<>(ruleExpressions(files));
        expressions.putAll(panelExpressions(dashboards(files)));
        return expressions;
    }
}
