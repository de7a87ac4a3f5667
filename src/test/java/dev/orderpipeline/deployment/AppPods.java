package dev.orderpipeline.deployment;

import static dev.orderpipeline.deployment.DeploymentSources.views;
import static dev.orderpipeline.deployment.Manifests.find;
import static dev.orderpipeline.deployment.Manifests.ofKind;
import static dev.orderpipeline.deployment.Manifests.texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orderpipeline.deployment.DeploymentSources.View;

/** The app's Deployments in a set of resources, their container and its environment as the pod would see it. */
final class AppPods {

    static final String APP_NAME = "order-pipeline";
    static final String API_ROLE = "APP_ROLE_API_ENABLED";
    static final String WORKERS_ROLE = "APP_ROLE_WORKERS_ENABLED";

    private AppPods() {
    }

    /** One check of one app Deployment's container, with its environment as the pod would see it. */
    interface AppDeploymentCheck {
        void check(View view, JsonNode deployment, JsonNode container, Map<String, String> environment);
    }

    static void forEachAppDeployment(AppDeploymentCheck check) {
        for (View view : views) {
            List<JsonNode> deployments = appDeployments(view.resources());
            assertThat(deployments).as("app Deployments in %s", view).isNotEmpty();
            for (JsonNode deployment : deployments) {
                JsonNode container = appContainer(deployment);
                check.check(view, deployment, container, environment(container, view.resources()));
            }
        }
    }

    static List<JsonNode> appDeployments(List<JsonNode> resources) {
        return ofKind(resources, "Deployment").stream()
                .filter(deployment -> APP_NAME.equals(deployment.path("spec").path("template").path("metadata")
                        .path("labels").path("app.kubernetes.io/name").asText()))
                .toList();
    }

    static JsonNode appContainer(JsonNode deployment) {
        JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
        for (JsonNode container : containers) {
            if (container.path("name").asText().equals("app")) {
                return container;
            }
        }
        return containers.path(0);
    }

    /**
     * The container's environment: envFrom ConfigMap and Secret keys (ConfigMap values as written, Secret values
     * hidden), overridden by env entries (a valueFrom shows where the value comes from).
     */
    static Map<String, String> environment(JsonNode container, List<JsonNode> resources) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonNode source : container.path("envFrom")) {
            String prefix = source.path("prefix").asText("");
            find(resources, "ConfigMap", source.path("configMapRef").path("name").asText()).ifPresent(map ->
                    map.path("data").properties().forEach(entry -> environment.put(prefix + entry.getKey(), entry.getValue().asText())));
            String secretName = source.path("secretRef").path("name").asText();
            find(resources, "Secret", secretName).ifPresent(secret -> {
                for (String field : List.of("data", "stringData")) {
                    secret.path(field).properties().forEach(entry -> environment.put(prefix + entry.getKey(), "(secret)"));
                }
            });
            ExternalSecrets.keys(secretName).forEach(key -> environment.put(prefix + key, "(secret " + secretName + ")"));
        }
        for (JsonNode variable : container.path("env")) {
            environment.put(variable.path("name").asText(), variable.has("valueFrom")
                    ? "(from " + variable.get("valueFrom") + ")" : variable.path("value").asText());
        }
        return environment;
    }

    static Integer containerPort(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals(name)) {
                return port.path("containerPort").asInt();
            }
        }
        return null;
    }

    static long preStopSleepSeconds(JsonNode container) {
        JsonNode preStop = container.path("lifecycle").path("preStop");
        if (preStop.has("sleep")) {
            return preStop.path("sleep").path("seconds").asLong();
        }
        String command = String.join(" ", texts(preStop.path("exec").path("command")));
        Matcher sleep = Pattern.compile("sleep\\s+(\\d+)").matcher(command);
        return sleep.find() ? Long.parseLong(sleep.group(1)) : 0;
    }

    /** A Quarkus duration: plain seconds ("30"), or an ISO-8601 duration without the PT ("30S", "1M"). */
    static Duration parseDuration(String value) {
        String trimmed = value.trim();
        if (trimmed.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(trimmed));
        }
        if (trimmed.matches("\\d+ms")) {
            return Duration.ofMillis(Long.parseLong(trimmed.substring(0, trimmed.length() - 2)));
        }
        return Duration.parse(trimmed.toUpperCase().startsWith("P") ? trimmed : "PT" + trimmed);
    }
}
