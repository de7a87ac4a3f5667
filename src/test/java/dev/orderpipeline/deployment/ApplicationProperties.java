package dev.orderpipeline.deployment;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.Expressions;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * application.properties as one profile (prod, in Kubernetes) sees it, read by SmallRye Config itself without starting
 * Quarkus and from the file alone (no environment, no system properties): profile overrides applied and expressions
 * resolved by SmallRye; the environment variables it needs, and the channels, topics and addresses it names.
 */
final class ApplicationProperties {

    static final String KAFKA_CONNECTOR = "smallrye-kafka";
    /** The pipeline's own Kafka consumers (app.kafka.consumers.*), shown as incoming channels of this connector name. */
    static final String PIPELINE_KAFKA_CONSUMER = "kafka-consumers";
    static final String AMQP_CONNECTOR = "smallrye-amqp";

    /** An environment variable read with no default: the app cannot start without it. */
    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");
    /** mp.messaging.incoming|outgoing.(channel).(attribute); a channel name with dots is quoted. */
    private static final Pattern CHANNEL_KEY = Pattern.compile(
            "mp\\.messaging\\.(incoming|outgoing)\\.(\"[^\"]+\"|[^.\"]+)\\.(.+)");
    /** app.kafka.consumers.(consumer).(topic|group): a consumer of the pipeline's own. */
    private static final Pattern CONSUMER_KEY = Pattern.compile("app\\.kafka\\.consumers\\.([^.]+)\\.(topic|group)");

    private final SmallRyeConfig config;
    /** The keys the profile sees: other profiles' keys left out, the profile's own without their prefix. */
    private final Set<String> keys;

    private ApplicationProperties(SmallRyeConfig config) {
        this.config = config;
        this.keys = new TreeSet<>();
        StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .filter(key -> !key.startsWith("%"))
                .forEach(keys::add);
    }

    static ApplicationProperties load(Path file, String profile) {
        try {
            return of(new PropertiesConfigSource(file.toUri().toURL()), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ApplicationProperties parse(String text, String profile) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(new PropertiesConfigSource(properties, "sample application.properties"), profile);
    }

    private static ApplicationProperties of(ConfigSource file, String profile) {
        return new ApplicationProperties(new SmallRyeConfigBuilder().withProfile(profile).withSources(file).build());
    }

    /** The resolved value; fails when it needs an environment variable that has no default. */
    Optional<String> value(String key) {
        if (!keys.contains(key)) {
            return Optional.empty();
        }
        return Optional.of(resolved(key).orElseThrow(() -> new IllegalStateException("Cannot resolve " + key + "="
                + raw(key) + ": it needs " + variablesWithoutDefault(key) + ", neither a key of application.properties"
                + " nor given a default")));
    }

    String value(String key, String defaultValue) {
        return value(key).orElse(defaultValue);
    }

    /** Environment variables read without a default in this profile: each must be set in the Deployment. */
    Set<String> requiredEnvironmentVariables() {
        Set<String> names = new TreeSet<>();
        for (String key : keys) {
            if (resolved(key).isEmpty()) {
                names.addAll(variablesWithoutDefault(key));
            }
        }
        return names;
    }

    /**
     * Every messaging channel the configuration mentions: SmallRye's channels, and the pipeline's own Kafka consumers
     * as incoming Kafka channels (topic, group.id, and their dead-letter topic {@code <topic>.<group>.dlq}).
     */
    List<Channel> channels() {
        Map<String, Map<String, String>> attributesByChannel = new LinkedHashMap<>();
        for (String key : keys) {
            Matcher matcher = CHANNEL_KEY.matcher(key);
            if (matcher.matches()) {
                String id = matcher.group(1) + " " + matcher.group(2);
                attributesByChannel.computeIfAbsent(id, ignored -> new LinkedHashMap<>())
                        .put(matcher.group(3), resolved(key).orElseGet(() -> raw(key)));
            }
            Matcher consumer = CONSUMER_KEY.matcher(key);
            if (consumer.matches()) {
                Map<String, String> attributes = attributesByChannel.computeIfAbsent("incoming " + consumer.group(1),
                        ignored -> new LinkedHashMap<>());
                attributes.put("connector", PIPELINE_KAFKA_CONSUMER);
                attributes.put(consumer.group(2).equals("group") ? "group.id" : "topic", resolved(key).orElseGet(() -> raw(key)));
                if (attributes.containsKey("topic") && attributes.containsKey("group.id")) {
                    attributes.put("dead-letter-queue.topic", attributes.get("topic") + "." + attributes.get("group.id") + ".dlq");
                }
            }
        }
        List<Channel> channels = new ArrayList<>();
        attributesByChannel.forEach((id, attributes) -> {
            String[] parts = id.split(" ", 2);
            channels.add(new Channel(parts[0].equals("incoming"), parts[1].replace("\"", ""), attributes));
        });
        return channels;
    }

    /**
     * Every Kafka topic the app uses: the values of app.topic.*, the topics of Kafka channels (the channel name when
     * none is set) and their dead-letter topics (SmallRye's default name when the strategy is on but no topic is set).
     */
    Set<String> kafkaTopics() {
        Set<String> topics = new TreeSet<>();
        for (String key : keys) {
            if (key.startsWith("app.topic.")) {
                topics.add(fixedName("Topic", key));
            }
        }
        for (Channel channel : channels()) {
            if (channel.isKafka()) {
                channel.topics().forEach(topic -> topics.add(fixed("Topic", topic)));
                channel.deadLetterTopic().ifPresent(topic -> topics.add(fixed("Topic", topic)));
            }
        }
        return topics;
    }

    /** Every AMQP address the app uses: those of AMQP channels, and the dead-letter addresses. */
    Set<String> amqpAddresses() {
        Set<String> addresses = new TreeSet<>(amqpDeadLetterAddresses());
        for (Channel channel : channels()) {
            if (channel.isAmqp()) {
                addresses.add(fixed("AMQP address", channel.address()));
            }
        }
        return addresses;
    }

    /** AMQP addresses that receive dead letters: the values of app.amqp.*dead-letter-address keys. */
    Set<String> amqpDeadLetterAddresses() {
        Set<String> addresses = new TreeSet<>();
        for (String key : keys) {
            if (key.startsWith("app.amqp.") && key.endsWith("address") && key.contains("dead-letter")) {
                addresses.add(fixedName("AMQP address", key));
            }
        }
        return addresses;
    }

    /** Kafka consumers: (topic, consumer group) pairs of incoming Kafka channels that set a group.id. */
    Set<Consumer> kafkaConsumers() {
        Set<Consumer> consumers = new LinkedHashSet<>();
        for (Channel channel : channels()) {
            if (channel.incoming() && channel.isKafka() && channel.attributes().containsKey("group.id")) {
                channel.topics().forEach(topic -> consumers.add(new Consumer(topic, channel.attributes().get("group.id"))));
            }
        }
        return consumers;
    }

    /** The value with SmallRye's expressions expanded; empty when one needs an environment variable without default. */
    private Optional<String> resolved(String key) {
        return Optional.ofNullable(config.getConfigValue(key).getValue());
    }

    /** The value as written for the profile, expressions not expanded. */
    private String raw(String key) {
        return Expressions.withoutExpansion(() -> config.getConfigValue(key).getValue());
    }

    /** The environment variables a key's raw value reads without a default (not keys of the file themselves). */
    private Set<String> variablesWithoutDefault(String key) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = REQUIRED_VARIABLE.matcher(raw(key));
        while (matcher.find()) {
            if (!keys.contains(matcher.group(1))) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    private String fixedName(String what, String key) {
        return fixed(what, resolved(key).orElseGet(() -> raw(key)));
    }

    /** A name the manifests must declare cannot depend on an environment variable that has no default. */
    private static String fixed(String what, String name) {
        if (name.contains("${")) {
            throw new IllegalStateException(what + " " + name + " depends on an environment variable without a"
                    + " default: give it a default in application.properties so the manifests can be checked");
        }
        return name;
    }

    /** One messaging channel with its resolved attributes. */
    record Channel(boolean incoming, String name, Map<String, String> attributes) {

        String connector() {
            return attributes.getOrDefault("connector", "");
        }

        boolean isKafka() {
            return connector().equals(KAFKA_CONNECTOR) || connector().equals(PIPELINE_KAFKA_CONSUMER)
                    || (connector().isEmpty() && (attributes.containsKey("topic") || attributes.containsKey("topics")));
        }

        boolean isAmqp() {
            return connector().equals(AMQP_CONNECTOR) || (connector().isEmpty() && attributes.containsKey("address"));
        }

        /** The topics a Kafka channel reads or writes; none for a pattern subscription. */
        Set<String> topics() {
            if (Boolean.parseBoolean(attributes.getOrDefault("pattern", "false"))) {
                return Set.of();
            }
            if (attributes.containsKey("topics")) {
                Set<String> topics = new TreeSet<>();
                for (String topic : attributes.get("topics").split(",")) {
                    if (!topic.isBlank()) {
                        topics.add(topic.trim());
                    }
                }
                return topics;
            }
            return Set.of(attributes.getOrDefault("topic", name));
        }

        Optional<String> deadLetterTopic() {
            if (attributes.containsKey("dead-letter-queue.topic")) {
                return Optional.of(attributes.get("dead-letter-queue.topic"));
            }
            if ("dead-letter-queue".equals(attributes.get("failure-strategy"))) {
                return Optional.of("dead-letter-topic-" + name);
            }
            return Optional.empty();
        }

        String address() {
            return attributes.getOrDefault("address", name);
        }
    }

    /** A consumer group reading a topic. */
    record Consumer(String topic, String group) {
    }
}
