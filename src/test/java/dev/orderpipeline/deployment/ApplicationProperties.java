package dev.orderpipeline.deployment;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

/**
 * application.properties as one profile (prod, in Kubernetes) sees it, read without starting Quarkus: profile
 * overrides applied, {@code ${key}} and {@code ${key:default}} expressions resolved against the same file, and
 * the messaging channels, topics and addresses the configuration names.
 */
final class ApplicationProperties {

    static final String KAFKA_CONNECTOR = "smallrye-kafka";
    static final String AMQP_CONNECTOR = "smallrye-amqp";

    /** An innermost expression: ${name} or ${name:default}, with no expression inside. */
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^${}:]+)(?::([^${}]*))?}");
    /** An environment variable read with no default: the app cannot start without it. */
    private static final Pattern REQUIRED_ENV = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");
    /** mp.messaging.incoming|outgoing.(channel).(attribute); a channel name with dots is quoted. */
    private static final Pattern CHANNEL_KEY = Pattern.compile(
            "mp\\.messaging\\.(incoming|outgoing)\\.(\"[^\"]+\"|[^.\"]+)\\.(.+)");

    private final String profile;
    /** Effective values of the profile, unresolved, by key without profile prefix. */
    private final Map<String, String> values;

    private ApplicationProperties(String profile, Map<String, String> values) {
        this.profile = profile;
        this.values = values;
    }

    static ApplicationProperties load(Path file, String profile) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ApplicationProperties parse(String text, String profile) {
        try {
            return read(new StringReader(text), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApplicationProperties read(Reader reader, String profile) throws IOException {
        Properties properties = new Properties();
        properties.load(reader);
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, String> profiled = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key);
            if (!key.startsWith("%")) {
                plain.put(key, value);
                continue;
            }
            // %prod.key, or %dev,prod.key for several profiles; other profiles' keys do not exist here.
            int dot = key.indexOf('.');
            if (dot > 0 && Arrays.asList(key.substring(1, dot).split(",")).contains(profile)) {
                profiled.put(key.substring(dot + 1), value);
            }
        }
        Map<String, String> values = new LinkedHashMap<>(plain);
        values.putAll(profiled);
        return new ApplicationProperties(profile, values);
    }

    String profile() {
        return profile;
    }

    Set<String> keys() {
        return values.keySet();
    }

    /** The resolved value; fails when it refers to a key that is neither in the file nor defaulted. */
    Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key)).map(raw -> resolve(raw, key));
    }

    String value(String key, String defaultValue) {
        return value(key).orElse(defaultValue);
    }

    /**
     * Resolves expressions the way SmallRye Config does for this file alone. An expression naming a key the file
     * lacks (an environment variable) takes its default; without one it cannot be known here.
     */
    String resolve(String raw, String key) {
        String current = raw;
        for (int depth = 0; depth < 20; depth++) {
            Matcher matcher = EXPRESSION.matcher(current);
            if (!matcher.find()) {
                return current;
            }
            StringBuilder resolved = new StringBuilder();
            matcher.reset();
            while (matcher.find()) {
                String name = matcher.group(1);
                String fallback = matcher.group(2);
                String replacement;
                if (values.containsKey(name)) {
                    replacement = values.get(name);
                } else if (fallback != null) {
                    replacement = fallback;
                } else {
                    throw new IllegalStateException("Cannot resolve ${" + name + "} in " + key + "=" + raw
                            + ": neither a key of application.properties nor given a default");
                }
                matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(resolved);
            current = resolved.toString();
        }
        throw new IllegalStateException("Expression nesting too deep (a cycle?) in " + key + "=" + raw);
    }

    /** Like {@link #resolve}, but keeps the raw value when it needs an environment variable. */
    private String resolveLeniently(String raw, String key) {
        try {
            return resolve(raw, key);
        } catch (IllegalStateException e) {
            return raw;
        }
    }

    /** Environment variables read without a default in this profile: each must be set in the Deployment. */
    Set<String> requiredEnvironmentVariables() {
        Set<String> names = new TreeSet<>();
        for (String raw : values.values()) {
            Matcher matcher = REQUIRED_ENV.matcher(raw);
            while (matcher.find()) {
                if (!values.containsKey(matcher.group(1))) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }

    /** Every messaging channel the configuration mentions. */
    List<Channel> channels() {
        Map<String, Map<String, String>> attributesByChannel = new LinkedHashMap<>();
        for (String key : values.keySet()) {
            Matcher matcher = CHANNEL_KEY.matcher(key);
            if (matcher.matches()) {
                String id = matcher.group(1) + " " + matcher.group(2);
                attributesByChannel.computeIfAbsent(id, ignored -> new LinkedHashMap<>())
                        .put(matcher.group(3), resolveLeniently(values.get(key), key));
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
        for (String key : values.keySet()) {
            if (key.startsWith("app.topic.")) {
                topics.add(value(key).orElseThrow());
            }
        }
        for (Channel channel : channels()) {
            if (channel.isKafka()) {
                topics.addAll(channel.topics());
                channel.deadLetterTopic().ifPresent(topics::add);
            }
        }
        for (String topic : topics) {
            if (topic.contains("${")) {
                throw new IllegalStateException("Topic " + topic + " depends on an environment variable without a default:"
                        + " give it a default in application.properties so the manifests can be checked");
            }
        }
        return topics;
    }

    /** Every AMQP address the app uses: those of AMQP channels, and the values of app.amqp.*address keys. */
    Set<String> amqpAddresses() {
        Set<String> addresses = new TreeSet<>(amqpDeadLetterAddresses());
        for (Channel channel : channels()) {
            if (channel.isAmqp()) {
                addresses.add(channel.address());
            }
        }
        for (String address : addresses) {
            if (address.contains("${")) {
                throw new IllegalStateException("AMQP address " + address + " depends on an environment variable"
                        + " without a default: give it a default in application.properties so the manifests can be checked");
            }
        }
        return addresses;
    }

    /** AMQP addresses that receive dead letters: the values of app.amqp.*dead-letter-address keys. */
    Set<String> amqpDeadLetterAddresses() {
        Set<String> addresses = new TreeSet<>();
        for (String key : values.keySet()) {
            if (key.startsWith("app.amqp.") && key.endsWith("address") && key.contains("dead-letter")) {
                addresses.add(value(key).orElseThrow());
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

    /** One messaging channel with its resolved attributes. */
    record Channel(boolean incoming, String name, Map<String, String> attributes) {

        String connector() {
            return attributes.getOrDefault("connector", "");
        }

        boolean isKafka() {
            return connector().equals(KAFKA_CONNECTOR)
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
