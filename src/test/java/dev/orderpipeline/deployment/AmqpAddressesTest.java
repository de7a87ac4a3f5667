package dev.orderpipeline.deployment;

import static dev.orderpipeline.deployment.DeploymentSources.APPLICATION_PROPERTIES;
import static dev.orderpipeline.deployment.DeploymentSources.config;
import static dev.orderpipeline.deployment.DeploymentSources.views;
import static dev.orderpipeline.deployment.Manifests.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orderpipeline.deployment.DeploymentSources.View;

/** Every AMQP address the app uses, and only those, is declared as an anycast ActiveMQArtemisAddress, and each consumed one dead-letters where the app reads dead letters. */
class AmqpAddressesTest {

    @BeforeAll
    static void read() {
        DeploymentSources.read();
    }

    /** The AMQP addresses planned, by the address whose failures they receive; same rule as {@link #PLANNED_TOPICS}. */
    static final Map<String, String> PLANNED_AMQP_DEAD_LETTER_ADDRESSES = Map.of("email-commands", "email-commands.dlq");

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
}
