package dev.orderpipeline.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** The application itself refuses to start with an admin password shorter than the minimum, naming the variable. */
@QuarkusMainTest
@TestProfile(AdminPasswordStartupTest.ProductionMinimum.class)
class AdminPasswordStartupTest {

    /** The production minimum (prod applies it whatever is configured) with the dev/test password admin. */
    public static class ProductionMinimum implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("app.admin.min-password-length", String.valueOf(AdminPasswordPolicy.PRODUCTION_MIN_LENGTH),
                    "app.admin.password", "admin");
        }
    }

    @Test
    @Launch(value = {}, exitCode = 1)
    void shouldRefuseToStartWhenTheAdminPasswordIsTooShort(LaunchResult result) {
        assertThat(result.getErrorOutput() + result.getOutput()).contains("APP_ADMIN_PASSWORD has 5 characters");
    }
}
