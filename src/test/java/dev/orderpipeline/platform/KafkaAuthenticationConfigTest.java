package dev.orderpipeline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.annotation.Identifier;

/**
 * KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM and KAFKA_SASL_JAAS_CONFIG reach the configuration every Kafka
 * client of the application is built from (the connector merges it into each channel).
 */
@QuarkusTest
@TestProfile(KafkaAuthenticationConfigTest.ScramVariables.class)
class KafkaAuthenticationConfigTest {

    static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"order-pipeline-api\" password=\"not-a-real-one\";";

    /** The variables as the Kubernetes manifests set them; an api-only instance, so no consumer tries to join. */
    public static class ScramVariables implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                    "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                    "KAFKA_SASL_JAAS_CONFIG", JAAS,
                    "app.role.workers.enabled", "false");
        }
    }

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Test
    void shouldConfigureEveryKafkaClientFromTheSaslVariables() {
        assertThat(kafka).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", JAAS);
    }
}
