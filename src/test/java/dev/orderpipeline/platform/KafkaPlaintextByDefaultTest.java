package dev.orderpipeline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;

/** Without the KAFKA_SECURITY_PROTOCOL / KAFKA_SASL_* variables the Kafka clients connect in plaintext, without SASL. */
@QuarkusTest
class KafkaPlaintextByDefaultTest {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Test
    void shouldUsePlaintextWithoutSaslWhenTheVariablesAreUnset() {
        assertThat(kafka).containsEntry("security.protocol", "PLAINTEXT");
        assertThat(String.valueOf(kafka.getOrDefault("sasl.jaas.config", ""))).isEmpty();
        assertThat(String.valueOf(kafka.getOrDefault("sasl.mechanism", ""))).isEmpty();
    }
}
