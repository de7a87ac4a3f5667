package dev.orderpipeline.deployment;

import static dev.orderpipeline.deployment.Manifests.find;
import static dev.orderpipeline.deployment.Manifests.kind;
import static dev.orderpipeline.deployment.Manifests.name;
import static dev.orderpipeline.deployment.Manifests.ofKind;
import static dev.orderpipeline.deployment.Manifests.selects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orderpipeline.deployment.ApplicationProperties.Consumer;
import dev.orderpipeline.deployment.Manifests.Kustomization;
import dev.orderpipeline.deployment.Manifests.Rendering;

/**
 * The Kubernetes manifests under deployment/ agree with the application: probes and ports, the environment variables
 * it reads, every Kafka topic and AMQP address it uses, and the autoscaling limits. Plain JUnit, no Quarkus start: it
 * reads application.properties (as the prod profile sees it) and the YAML files, and when kubectl is on the PATH it
 * also renders every overlay with {@code kubectl kustomize} and checks what would really be applied.
 */
class DeploymentConsistencyTest {

    static final Path DEPLOYMENT = Path.of("deployment");
    static final Path OVERLAYS = DEPLOYMENT.resolve("overlays");
    static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");

    static final String APP_NAME = "order-pipeline";
    static final String API_ROLE = "APP_ROLE_API_ENABLED";
    static final String WORKERS_ROLE = "APP_ROLE_WORKERS_ENABLED";

    /** The environment variables every app pod reads in Kubernetes: the configuration contract of deployment/README.md. */
    static final Set<String> CONFIGURATION_CONTRACT = Set.of(
            "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG",
            "AMQP_HOST", "AMQP_PORT",
            "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
            "QUARKUS_MAILER_HOST", "QUARKUS_MAILER_PORT", "QUARKUS_MAILER_FROM",
            "QUARKUS_HTTP_PORT", "QUARKUS_MANAGEMENT_PORT",
            API_ROLE, WORKERS_ROLE);

    /** What a pod running the api role reads on top of the contract: the admin user. */
    static final Set<String> API_CONTRACT = Set.of("APP_ADMIN_USERNAME", "APP_ADMIN_PASSWORD");

    /** What a pod running the workers role reads on top of the contract: the broker login. */
    static final Set<String> WORKERS_CONTRACT = Set.of("AMQP_USERNAME", "AMQP_PASSWORD");

    /**
     * The topics the pipeline and failure-handling work plans. Checked only while application.properties configures
     * no topic at all; from the first configured topic on, the configuration alone is the reference.
     */
    static final Set<String> PLANNED_TOPICS = Set.of(
            "orders", "inventory", "payments", "catalog", "order-activity",
            "orders.inventory.dlq", "payments.inventory.dlq", "inventory.payment.dlq", "inventory.checkout.dlq",
            "payments.checkout.dlq", "catalog.inventory-catalog.dlq", "catalog.checkout-catalog.dlq");

    /** The AMQP addresses planned, by the address whose failures they receive; same rule as {@link #PLANNED_TOPICS}. */
    static final Map<String, String> PLANNED_AMQP_DEAD_LETTER_ADDRESSES = Map.of("email-commands", "email-commands.dlq");

    /** Kafka's default retention (7 days), for a topic that does not set retention.ms. */
    static final long DEFAULT_RETENTION_MS = Duration.ofDays(7).toMillis();

    static ApplicationProperties config;
    static Map<Path, List<JsonNode>> files;
    static List<Kustomization> kustomizations;
    static Optional<Path> kubectl;
    static List<Rendering> renderings;
    /** The resources to check: those the YAML files declare, then each overlay as kubectl renders it. */
    static List<View> views;

    /** A set of resources checked together: all resource files, or one rendered overlay. */
    record View(String name, Optional<String> overlay, List<JsonNode> resources) {

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void readConfigurationAndManifests() {
        config = ApplicationProperties.load(APPLICATION_PROPERTIES, "prod");
        files = Manifests.readAll(DEPLOYMENT);
        kustomizations = new ArrayList<>();
        files.forEach((file, documents) -> {
            if (Manifests.isKustomization(file)) {
                documents.forEach(document -> kustomizations.add(Kustomization.of(file, document)));
            }
        });

        views = new ArrayList<>();
        List<JsonNode> declared = new ArrayList<>();
        Set<Path> resourceFiles = new HashSet<>();
        kustomizations.forEach(kustomization -> resourceFiles.addAll(kustomization.resources()));
        files.forEach((file, documents) -> {
            if (resourceFiles.contains(file)) {
                declared.addAll(documents);
            }
        });
        views.add(new View("the resource files under " + DEPLOYMENT, Optional.empty(), declared));

        kubectl = Manifests.kubectl();
        renderings = new ArrayList<>();
        kubectl.ifPresent(binary -> overlays().forEach(overlay -> {
            Rendering rendering = Manifests.render(binary, overlay);
            renderings.add(rendering);
            if (rendering.succeeded()) {
                views.add(new View(overlay + " as kubectl renders it", Optional.of(overlay.getFileName().toString()),
                        rendering.documents()));
            }
        }));
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

    @Test
    void shouldProbeTheHealthEndpointsOnTheManagementPort() {
        boolean management = Boolean.parseBoolean(config.value("quarkus.management.enabled", "false"));
        int httpPort = Integer.parseInt(config.value("quarkus.http.port", "8080"));
        int probePort = management ? Integer.parseInt(config.value("quarkus.management.port", "9000")) : httpPort;
        String healthRoot = healthRoot(management);
        Map<String, String> expectedPaths = Map.of(
                "startupProbe", join(healthRoot, config.value("quarkus.smallrye-health.startup-path", "started")),
                "livenessProbe", join(healthRoot, config.value("quarkus.smallrye-health.liveness-path", "live")),
                "readinessProbe", join(healthRoot, config.value("quarkus.smallrye-health.readiness-path", "ready")));

        List<String> problems = new ArrayList<>();
        forEachAppDeployment((view, deployment, container, environment) -> {
            String where = view + ": Deployment " + name(deployment);
            Integer containerPort = containerPort(container, "http");
            if (containerPort == null || containerPort != httpPort) {
                problems.add(where + ": container port named http is " + containerPort + ", quarkus.http.port is " + httpPort);
            }
            String portOverride = environment.get("QUARKUS_HTTP_PORT");
            if (portOverride != null && !portOverride.equals(String.valueOf(containerPort))) {
                problems.add(where + ": QUARKUS_HTTP_PORT=" + portOverride + " but the container port named http is "
                        + containerPort);
            }
            expectedPaths.forEach((probe, path) -> {
                JsonNode httpGet = container.path(probe).path("httpGet");
                if (httpGet.isMissingNode()) {
                    problems.add(where + ": no " + probe + " with httpGet");
                    return;
                }
                if (!path.equals(httpGet.path("path").asText())) {
                    problems.add(where + ": " + probe + " path is " + httpGet.path("path").asText() + ", expected " + path);
                }
                JsonNode port = httpGet.path("port");
                Integer resolved = port.isInt() ? Integer.valueOf(port.asInt()) : containerPort(container, port.asText());
                if (resolved == null || resolved != probePort) {
                    problems.add(where + ": " + probe + " port " + port.asText() + " is not the health port " + probePort + (management ? " (management interface)" : ""));
                }
            });
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldSetEveryEnvironmentVariableTheAppReads() {
        Set<String> required = new TreeSet<>(CONFIGURATION_CONTRACT);
        required.addAll(config.requiredEnvironmentVariables());
        List<String> problems = new ArrayList<>();
        forEachAppDeployment((view, deployment, container, environment) -> {
            Set<String> missing = new TreeSet<>(required);
            if ("true".equals(environment.get(API_ROLE))) {
                missing.addAll(API_CONTRACT);
            }
            if ("true".equals(environment.get(WORKERS_ROLE))) {
                missing.addAll(WORKERS_CONTRACT);
            }
            missing.removeAll(environment.keySet());
            if (!missing.isEmpty()) {
                problems.add(view + ": Deployment " + name(deployment) + " does not set " + missing);
            }
            for (JsonNode source : container.path("envFrom")) {
                for (String kind : List.of("ConfigMap", "Secret")) {
                    JsonNode ref = source.path(kind.equals("ConfigMap") ? "configMapRef" : "secretRef");
                    if (!ref.isMissingNode() && !ref.path("optional").asBoolean(false)
                            && !(kind.equals("Secret") && ExternalSecrets.isExternal(ref.path("name").asText()))
                            && find(view.resources(), kind, ref.path("name").asText()).isEmpty()) {
                        problems.add(view + ": Deployment " + name(deployment) + " reads " + kind + " "
                                + ref.path("name").asText() + ", which is not among the manifests");
                    }
                }
            }
        });
        assertThat(problems).isEmpty();
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

    @Test
    void shouldHardenEveryAppPodAndShutItDownGracefully() {
        List<String> problems = new ArrayList<>();
        forEachAppDeployment((view, deployment, container, environment) -> {
            String where = view + ": Deployment " + name(deployment);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode security = container.path("securityContext");
            if (!pod.path("securityContext").path("runAsNonRoot").asBoolean(false)
                    && !security.path("runAsNonRoot").asBoolean(false)) {
                problems.add(where + ": runAsNonRoot is not true");
            }
            if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
                problems.add(where + ": readOnlyRootFilesystem is not true");
            }
            if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
                problems.add(where + ": allowPrivilegeEscalation is not false");
            }
            boolean writableTmp = false;
            for (JsonNode mount : container.path("volumeMounts")) {
                if (mount.path("mountPath").asText().equals("/tmp")) {
                    for (JsonNode volume : pod.path("volumes")) {
                        writableTmp |= volume.path("name").asText().equals(mount.path("name").asText())
                                && volume.has("emptyDir");
                    }
                }
            }
            if (!writableTmp) {
                problems.add(where + ": no emptyDir mounted at /tmp (the root filesystem is read-only)");
            }
            for (String field : List.of("requests/cpu", "requests/memory", "limits/cpu", "limits/memory")) {
                String[] parts = field.split("/");
                if (container.path("resources").path(parts[0]).path(parts[1]).asText().isEmpty()) {
                    problems.add(where + ": no resources." + field.replace('/', '.'));
                }
            }
            long preStop = preStopSleepSeconds(container);
            if (preStop <= 0) {
                problems.add(where + ": no preStop sleep (endpoints need a moment to stop routing to a terminating pod)");
            }
            long shutdown = parseDuration(environment.getOrDefault("QUARKUS_SHUTDOWN_TIMEOUT",
                    config.value("quarkus.shutdown.timeout", "0"))).toSeconds();
            long grace = pod.path("terminationGracePeriodSeconds").asLong(30);
            if (grace < preStop + shutdown) {
                problems.add(where + ": terminationGracePeriodSeconds " + grace + " is shorter than the preStop sleep ("
                        + preStop + " s) plus the shutdown timeout (" + shutdown + " s)");
            }
            JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
            if (ofKind(view.resources(), "PodDisruptionBudget").stream()
                    .noneMatch(budget -> selects(budget.path("spec").path("selector"), podLabels))) {
                problems.add(where + ": no PodDisruptionBudget selects its pods");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldDeclareAKafkaTopicForEveryConfiguredTopic() {
        boolean configured = !config.kafkaTopics().isEmpty();
        Set<String> expected = configured ? config.kafkaTopics() : PLANNED_TOPICS;
        String source = configured ? "configured in " + APPLICATION_PROPERTIES
                : "planned (" + APPLICATION_PROPERTIES + " configures none yet)";
        for (View view : views) {
            assertThat(missingKafkaTopics(expected, view.resources()))
                    .as("topics %s with no KafkaTopic in %s", source, view)
                    .isEmpty();
        }
    }

    @Test
    void shouldDeclareOnlyKafkaTopicsTheAppUses() {
        assumeFalse(config.kafkaTopics().isEmpty(), APPLICATION_PROPERTIES + " configures no Kafka topic yet");
        for (View view : views) {
            Set<String> unused = new TreeSet<>(declaredTopics(view.resources()).keySet());
            unused.removeAll(config.kafkaTopics());
            assertThat(unused).as("KafkaTopics in %s that %s does not use", view, APPLICATION_PROPERTIES).isEmpty();
        }
    }

    @Test
    void shouldKeepDeadLettersLongerThanTheMessagesTheyCameFrom() {
        List<String> problems = new ArrayList<>();
        for (View view : views) {
            Map<String, JsonNode> topics = declaredTopics(view.resources());
            deadLetterSources(topics.keySet()).forEach((deadLetterTopic, source) -> {
                if (!topics.containsKey(deadLetterTopic) || !topics.containsKey(source)) {
                    return; // a missing topic is reported by shouldDeclareAKafkaTopicForEveryConfiguredTopic
                }
                long kept = retentionMs(topics.get(deadLetterTopic));
                long sourceKept = retentionMs(topics.get(source));
                if (kept != -1 && (sourceKept == -1 || kept <= sourceKept)) {
                    problems.add(view + ": " + deadLetterTopic + " keeps messages " + kept + " ms, not longer than "
                            + source + " (" + sourceKept + " ms)");
                }
            });
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldDeclareTheAmqpAddressesTheAppUses() {
        boolean configured = !config.amqpAddresses().isEmpty();
        Set<String> deadLetterAddresses = configured ? config.amqpDeadLetterAddresses()
                : new TreeSet<>(PLANNED_AMQP_DEAD_LETTER_ADDRESSES.values());
        Set<String> consumed = new TreeSet<>();
        if (configured) {
            config.channels().stream().filter(channel -> channel.incoming() && channel.isAmqp())
                    .map(ApplicationProperties.Channel::address)
                    .filter(address -> !deadLetterAddresses.contains(address))
                    .forEach(consumed::add);
        } else {
            consumed.addAll(PLANNED_AMQP_DEAD_LETTER_ADDRESSES.keySet());
        }
        Set<String> expected = new TreeSet<>(consumed);
        expected.addAll(deadLetterAddresses);
        if (configured) {
            expected.addAll(config.amqpAddresses());
        }

        List<String> problems = new ArrayList<>();
        for (View view : views) {
            Map<String, JsonNode> declared = new LinkedHashMap<>();
            ofKind(view.resources(), "ActiveMQArtemisAddress")
                    .forEach(address -> declared.put(address.path("spec").path("addressName").asText(), address));
            for (String address : expected) {
                JsonNode resource = declared.get(address);
                if (resource == null) {
                    problems.add(view + ": no ActiveMQArtemisAddress for " + address);
                } else if (!resource.path("spec").path("routingType").asText().equalsIgnoreCase("anycast")
                        || !resource.path("spec").path("queueName").asText(address).equals(address)) {
                    problems.add(view + ": " + address + " must be an anycast address with a queue of the same name");
                }
            }
            if (configured) {
                Set<String> unused = new TreeSet<>(declared.keySet());
                unused.removeAll(expected);
                if (!unused.isEmpty()) {
                    problems.add(view + ": ActiveMQArtemisAddresses " + unused + " are not used by " + APPLICATION_PROPERTIES);
                }
            }
            List<JsonNode> settings = new ArrayList<>();
            ofKind(view.resources(), "ActiveMQArtemis")
                    .forEach(broker -> broker.path("spec").path("addressSettings").path("addressSetting")
                            .forEach(settings::add));
            for (String address : consumed) {
                Optional<JsonNode> setting = settings.stream()
                        .filter(candidate -> candidate.path("match").asText().equals(address)).findFirst();
                if (setting.isEmpty()) {
                    problems.add(view + ": no addressSetting for " + address + " (redelivery and dead-letter address)");
                    continue;
                }
                String deadLetterAddress = setting.get().path("deadLetterAddress").asText();
                if (!deadLetterAddresses.contains(deadLetterAddress)) {
                    problems.add(view + ": the addressSetting of " + address + " dead-letters to '" + deadLetterAddress
                            + "', the app reads dead letters from " + deadLetterAddresses);
                }
                if (setting.get().path("maxDeliveryAttempts").asInt(0) <= 0) {
                    problems.add(view + ": the addressSetting of " + address + " must bound maxDeliveryAttempts");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldPointTheAppAtTheInfrastructureItDeploys() {
        List<String> problems = new ArrayList<>();
        forEachAppDeployment((view, deployment, container, environment) -> {
            String where = view + ": Deployment " + name(deployment);
            List<JsonNode> resources = view.resources();

            for (JsonNode kafka : single(resources, "Kafka", view, problems)) {
                String bootstrap = name(kafka) + "-kafka-bootstrap";
                Set<String> expected = new TreeSet<>();
                kafka.path("spec").path("kafka").path("listeners").forEach(listener -> {
                    if (!listener.path("tls").asBoolean(false)) {
                        expected.add(bootstrap + ":" + listener.path("port").asInt());
                    }
                });
                if (!expected.contains(environment.get("KAFKA_BOOTSTRAP_SERVERS"))) {
                    problems.add(where + ": KAFKA_BOOTSTRAP_SERVERS=" + environment.get("KAFKA_BOOTSTRAP_SERVERS")
                            + ", the Kafka cluster listens on " + expected);
                }
                for (String kind : List.of("KafkaTopic", "KafkaNodePool")) {
                    ofKind(resources, kind).stream()
                            .filter(r -> !r.path("metadata").path("labels").path("strimzi.io/cluster").asText().equals(name(kafka)))
                            .forEach(r -> problems.add(view + ": " + kind + " " + name(r) + " is not labelled "
                                    + "strimzi.io/cluster=" + name(kafka)));
                }
            }

            for (JsonNode broker : single(resources, "ActiveMQArtemis", view, problems)) {
                Set<String> expected = new TreeSet<>();
                broker.path("spec").path("acceptors").forEach(acceptor -> {
                    if (acceptor.path("protocols").asText().toLowerCase().contains("amqp")) {
                        expected.add(name(broker) + "-" + acceptor.path("name").asText() + "-0-svc:"
                                + acceptor.path("port").asInt());
                    }
                });
                String actual = environment.get("AMQP_HOST") + ":" + environment.get("AMQP_PORT");
                if (!expected.contains(actual)) {
                    problems.add(where + ": AMQP_HOST:AMQP_PORT is " + actual + ", the broker's AMQP acceptors are " + expected);
                }
                for (String variable : List.of("AMQP_USERNAME", "AMQP_PASSWORD")) {
                    checkSecretReference(where, container, variable, name(broker) + "-credentials-secret", resources, problems);
                }
                ofKind(resources, "ActiveMQArtemisAddress").forEach(address -> {
                    JsonNode targets = address.path("spec").path("applyToCrNames");
                    if (targets.isArray() && !textsOf(targets).contains(name(broker))) {
                        problems.add(view + ": ActiveMQArtemisAddress " + name(address) + " does not apply to " + name(broker));
                    }
                });
            }

            for (JsonNode database : single(resources, "Cluster", view, problems)) {
                Matcher url = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+).*")
                        .matcher(environment.getOrDefault("QUARKUS_DATASOURCE_JDBC_URL", ""));
                String databaseName = database.path("spec").path("bootstrap").path("initdb").path("database").asText("app");
                if (!url.matches() || !isServiceHost(url.group(1), name(database) + "-rw")
                        || !url.group(3).equals(databaseName)) {
                    problems.add(where + ": QUARKUS_DATASOURCE_JDBC_URL=" + environment.get("QUARKUS_DATASOURCE_JDBC_URL")
                            + " is not database " + databaseName + " on " + name(database) + "-rw");
                }
                for (String variable : List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
                    checkSecretReference(where, container, variable, name(database) + "-app", resources, problems);
                }
            }

            String mailHost = environment.getOrDefault("QUARKUS_MAILER_HOST", "");
            if (!mailHost.contains(".") && find(resources, "Service", mailHost).isEmpty()) {
                problems.add(where + ": QUARKUS_MAILER_HOST=" + mailHost + " is neither a Service of the manifests nor a host name");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldNotScaleWorkersBeyondThePartitionsOfTheirTopics() {
        Set<Consumer> consumers = config.kafkaConsumers();
        List<String> problems = new ArrayList<>();
        for (View view : views) {
            Map<String, JsonNode> topics = declaredTopics(view.resources());
            for (JsonNode scaledObject : ofKind(view.resources(), "ScaledObject")) {
                String where = view + ": ScaledObject " + name(scaledObject);
                int maxReplicas = scaledObject.path("spec").path("maxReplicaCount").asInt(100);
                for (JsonNode trigger : scaledObject.path("spec").path("triggers")) {
                    if (!trigger.path("type").asText().equals("kafka")) {
                        continue;
                    }
                    JsonNode metadata = trigger.path("metadata");
                    String topic = metadata.path("topic").asText();
                    String group = metadata.path("consumerGroup").asText();
                    JsonNode declared = topics.get(topic);
                    if (declared == null) {
                        problems.add(where + ": trigger topic '" + topic + "' has no KafkaTopic");
                    } else if (declared.path("spec").path("partitions").asInt(1) < maxReplicas) {
                        problems.add(where + ": maxReplicaCount " + maxReplicas + " exceeds the "
                                + declared.path("spec").path("partitions").asInt(1) + " partitions of " + topic
                                + ": the extra consumers of group " + group + " would idle");
                    }
                    if (consumers.isEmpty() && !topics.containsKey(topic + "." + group + ".dlq")) {
                        problems.add(where + ": no planned consumer group '" + group + "' reading " + topic
                                + " (no dead-letter topic " + topic + "." + group + ".dlq)");
                    } else if (!consumers.isEmpty() && !consumers.contains(new Consumer(topic, group))) {
                        problems.add(where + ": the app has no consumer group '" + group + "' reading " + topic);
                    }
                    view.overlay().ifPresent(overlay -> checkBootstrapNamespace(where, scaledObject, metadata, view, problems));
                }
                view.overlay().ifPresent(overlay -> checkScaleTarget(where, scaledObject, WORKERS_ROLE, view, problems));
            }
            for (JsonNode autoscaler : ofKind(view.resources(), "HorizontalPodAutoscaler")) {
                view.overlay().ifPresent(overlay -> checkScaleTarget(view + ": HorizontalPodAutoscaler " + name(autoscaler),
                        autoscaler, API_ROLE, view, problems));
            }
        }
        assertThat(problems).isEmpty();
    }

    /** The reading of application.properties itself, on a made-up file, so a drift cannot hide behind a parser bug. */
    @Test
    void shouldFindEveryTopicAndAddressTheConfigurationNames() {
        ApplicationProperties sample = ApplicationProperties.parse("""
                app.topic.orders=${ORDERS_TOPIC:orders}
                app.topic.payments=payments
                %test.app.topic.payments=payments-test
                %dev.app.topic.audit=audit-dev
                mp.messaging.incoming.orders-in.connector=smallrye-kafka
                mp.messaging.incoming.orders-in.topic=${app.topic.orders}
                mp.messaging.incoming.orders-in.group.id=inventory
                mp.messaging.incoming.orders-in.failure-strategy=dead-letter-queue
                mp.messaging.incoming.orders-in.dead-letter-queue.topic=${app.topic.orders}.inventory.dlq
                mp.messaging.incoming.shipments.connector=smallrye-kafka
                mp.messaging.incoming.shipments.failure-strategy=dead-letter-queue
                mp.messaging.incoming.shipments.bootstrap.servers=${KAFKA_BOOTSTRAP_SERVERS}
                mp.messaging.outgoing."activity.out".connector=smallrye-kafka
                mp.messaging.outgoing."activity.out".topic=order-activity
                mp.messaging.incoming.email-commands.connector=smallrye-amqp
                mp.messaging.incoming.email-commands.address=email-commands
                app.amqp.email-dead-letter-address=email-commands.dlq
                %prod.amqp-host=${AMQP_HOST}
                %prod.amqp-port=${AMQP_PORT:5672}
                """, "prod");

        assertThat(sample.kafkaTopics()).containsExactlyInAnyOrder("orders", "payments", "orders.inventory.dlq",
                "shipments", "dead-letter-topic-shipments", "order-activity");
        assertThat(sample.kafkaConsumers()).containsExactly(new Consumer("orders", "inventory"));
        assertThat(sample.amqpAddresses()).containsExactlyInAnyOrder("email-commands", "email-commands.dlq");
        assertThat(sample.amqpDeadLetterAddresses()).containsExactly("email-commands.dlq");
        assertThat(sample.requiredEnvironmentVariables()).containsExactly("AMQP_HOST", "KAFKA_BOOTSTRAP_SERVERS");
        assertThat(missingKafkaTopics(sample.kafkaTopics(), views.get(0).resources()))
                .as("a configured topic without a KafkaTopic is reported")
                .containsExactlyInAnyOrder("shipments", "dead-letter-topic-shipments");
        assertThatThrownBy(() -> ApplicationProperties.parse("app.topic.orders=${ORDERS_TOPIC}", "prod").kafkaTopics())
                .hasMessageContaining("ORDERS_TOPIC");
    }

    // --- what the checks share ---

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

    static List<Path> overlays() {
        try (Stream<Path> dirs = Files.list(OVERLAYS)) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    /** Quarkus's health root: non-application root (relative to the HTTP root unless absolute), then the health path. */
    static String healthRoot(boolean management) {
        String nonApplicationRoot = management
                ? config.value("quarkus.management.root-path", "/q")
                : config.value("quarkus.http.non-application-root-path", "q");
        if (!nonApplicationRoot.startsWith("/")) {
            nonApplicationRoot = join(config.value("quarkus.http.root-path", "/"), nonApplicationRoot);
        }
        String health = config.value("quarkus.smallrye-health.root-path", "health");
        return health.startsWith("/") ? health : join(nonApplicationRoot, health);
    }

    static String join(String base, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        return (base.endsWith("/") ? base : base + "/") + path;
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

    /** An autoscaler in a rendered overlay targets an app Deployment of that overlay that runs the given role. */
    static void checkScaleTarget(String where, JsonNode autoscaler, String role, View view, List<String> problems) {
        String target = autoscaler.path("spec").path("scaleTargetRef").path("name").asText();
        Optional<JsonNode> deployment = appDeployments(view.resources()).stream()
                .filter(candidate -> name(candidate).equals(target)).findFirst();
        if (deployment.isEmpty()) {
            problems.add(where + ": scales " + target + ", which is not an app Deployment of this overlay");
        } else if (!"true".equals(environment(appContainer(deployment.get()), view.resources()).get(role))) {
            problems.add(where + ": scales " + target + ", which does not run " + role);
        }
    }

    /** KEDA connects from its own namespace: a bootstrap address must name the namespace of the Kafka cluster. */
    static void checkBootstrapNamespace(String where, JsonNode scaledObject, JsonNode metadata, View view,
            List<String> problems) {
        String namespace = scaledObject.path("metadata").path("namespace").asText();
        for (JsonNode kafka : ofKind(view.resources(), "Kafka")) {
            String host = metadata.path("bootstrapServers").asText().split(":")[0];
            String service = name(kafka) + "-kafka-bootstrap";
            if (!host.equals(service + "." + namespace + ".svc") && !host.equals(service + "." + namespace + ".svc.cluster.local")) {
                problems.add(where + ": bootstrapServers host " + host + " is not " + service + "." + namespace + ".svc");
            }
        }
    }

    /** A variable read from a Secret: one of the manifests, or the one the operator generates. */
    static void checkSecretReference(String where, JsonNode container, String variable, String generatedSecret,
            List<JsonNode> resources, List<String> problems) {
        for (JsonNode entry : container.path("env")) {
            if (!entry.path("name").asText().equals(variable)) {
                continue;
            }
            JsonNode reference = entry.path("valueFrom").path("secretKeyRef");
            String secret = reference.path("name").asText();
            if (!reference.isMissingNode() && !secret.equals(generatedSecret) && !ExternalSecrets.isExternal(secret)
                    && find(resources, "Secret", secret).isEmpty()) {
                problems.add(where + ": " + variable + " comes from Secret " + secret + ", which is neither among the "
                        + "manifests nor the operator's " + generatedSecret);
            }
        }
    }

    static boolean isServiceHost(String host, String service) {
        return host.equals(service) || host.startsWith(service + ".");
    }

    /** The one resource of a kind in a view (a problem if there are several); none if the view has none. */
    static List<JsonNode> single(List<JsonNode> resources, String kind, View view, List<String> problems) {
        List<JsonNode> found = ofKind(resources, kind);
        if (found.size() > 1) {
            problems.add(view + ": " + found.size() + " " + kind + " resources; the app is configured for one");
        }
        return found.stream().limit(1).toList();
    }

    /** KafkaTopic resources by topic name (spec.topicName, else metadata.name). */
    static Map<String, JsonNode> declaredTopics(List<JsonNode> resources) {
        Map<String, JsonNode> topics = new LinkedHashMap<>();
        for (JsonNode topic : ofKind(resources, "KafkaTopic")) {
            topics.put(topic.path("spec").path("topicName").asText(name(topic)), topic);
        }
        return topics;
    }

    static Set<String> missingKafkaTopics(Set<String> expected, List<JsonNode> resources) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(declaredTopics(resources).keySet());
        return missing;
    }

    /**
     * Dead-letter topic to source topic: from the configured channels when there are some, else by the naming rule
     * {@code <topic>.<consumer-group>.dlq} among the declared topics.
     */
    static Map<String, String> deadLetterSources(Set<String> declared) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (ApplicationProperties.Channel channel : config.channels()) {
            if (channel.incoming() && channel.isKafka()) {
                channel.deadLetterTopic().ifPresent(deadLetterTopic ->
                        channel.topics().forEach(topic -> sources.put(deadLetterTopic, topic)));
            }
        }
        if (sources.isEmpty()) {
            for (String topic : declared) {
                if (topic.endsWith(".dlq")) {
                    declared.stream().filter(source -> topic.startsWith(source + ".") && !source.endsWith(".dlq"))
                            .max((a, b) -> Integer.compare(a.length(), b.length()))
                            .ifPresent(source -> sources.put(topic, source));
                }
            }
        }
        return sources;
    }

    /** retention.ms of a KafkaTopic (Kafka's default when unset; -1 means forever). */
    static long retentionMs(JsonNode topic) {
        JsonNode retention = topic.path("spec").path("config").path("retention.ms");
        return retention.isMissingNode() ? DEFAULT_RETENTION_MS : Long.parseLong(retention.asText());
    }

    static long preStopSleepSeconds(JsonNode container) {
        JsonNode preStop = container.path("lifecycle").path("preStop");
        if (preStop.has("sleep")) {
            return preStop.path("sleep").path("seconds").asLong();
        }
        String command = String.join(" ", textsOf(preStop.path("exec").path("command")));
        Matcher sleep = Pattern.compile("sleep\\s+(\\d+)").matcher(command);
        return sleep.find() ? Long.parseLong(sleep.group(1)) : 0;
    }

    static List<String> textsOf(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
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

    @SafeVarargs
    static <T> List<T> concat(List<? extends T>... lists) {
        List<T> all = new ArrayList<>();
        for (List<? extends T> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
