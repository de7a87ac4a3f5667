package dev.orderpipeline.deployment;

import static dev.orderpipeline.deployment.AppPods.API_ROLE;
import static dev.orderpipeline.deployment.AppPods.APP_NAME;
import static dev.orderpipeline.deployment.AppPods.WORKERS_ROLE;
import static dev.orderpipeline.deployment.AppPods.appContainer;
import static dev.orderpipeline.deployment.AppPods.appDeployments;
import static dev.orderpipeline.deployment.AppPods.environment;
import static dev.orderpipeline.deployment.DeploymentSources.views;
import static dev.orderpipeline.deployment.Manifests.find;
import static dev.orderpipeline.deployment.Manifests.name;
import static dev.orderpipeline.deployment.Manifests.selects;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orderpipeline.deployment.DeploymentSources.View;

/** Each overlay runs the app roles it intends (dev: one all-in-one Deployment, prod: api and workers apart), and the app Service selects exactly the api pods. */
class AppRolesTest {

    @BeforeAll
    static void read() {
        DeploymentSources.read();
    }

    @Test
    void shouldRunEachRoleWhereTheOverlayIntends() {
        List<String> problems = new ArrayList<>();
        for (View view : views) {
            List<JsonNode> deployments = appDeployments(view.resources());
            List<String> roles = new ArrayList<>();
            for (JsonNode deployment : deployments) {
                Map<String, String> environment = environment(appContainer(deployment), view.resources());
                String api = environment.get(API_ROLE);
                String workers = environment.get(WORKERS_ROLE);
                if (!isBoolean(api) || !isBoolean(workers)) {
                    problems.add(view + ": Deployment " + name(deployment) + " must set " + API_ROLE + " and "
                            + WORKERS_ROLE + " to true or false, has " + api + " and " + workers);
                    continue;
                }
                String role = api.equals("true") && workers.equals("true") ? "all-in-one"
                        : api.equals("true") ? "api" : workers.equals("true") ? "workers" : "nothing";
                roles.add(role);
                checkApiService(view, deployment, api.equals("true"), problems);
            }
            view.overlay().ifPresent(overlay -> {
                List<String> expected = switch (overlay) {
                    case "dev" -> List.of("all-in-one");
                    case "prod" -> List.of("api", "workers");
                    default -> null;
                };
                if (expected != null && !roles.stream().sorted().toList().equals(expected)) {
                    problems.add(view + ": app Deployments run " + roles + ", expected one Deployment each for " + expected);
                }
            });
        }
        assertThat(problems).isEmpty();
    }

    static boolean isBoolean(String value) {
        return "true".equals(value) || "false".equals(value);
    }

    /** The app Service (named like the app) selects exactly the pods that serve the REST API. */
    static void checkApiService(View view, JsonNode deployment, boolean servesApi, List<String> problems) {
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        Optional<JsonNode> service = find(view.resources(), "Service", APP_NAME);
        if (service.isEmpty()) {
            problems.add(view + ": no Service " + APP_NAME + " for the REST API");
            return;
        }
        boolean selected = selects(service.get().path("spec").path("selector"), podLabels);
        if (selected != servesApi) {
            problems.add(view + ": Service " + APP_NAME + (selected ? " selects" : " does not select") + " the pods of "
                    + name(deployment) + ", whose " + API_ROLE + " is " + servesApi);
        }
    }
}
