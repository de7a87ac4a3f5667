package dev.orderpipeline.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The start-up rule for admin credentials, without starting anything. */
class AdminPasswordPolicyTest {

    private static final int PROD = AdminPasswordPolicy.minimumLength(true, 0);

    @Test
    void shouldNeverGoBelowTwelveCharactersInProduction() {
        assertThat(AdminPasswordPolicy.PRODUCTION_MIN_LENGTH).isEqualTo(12);
        assertThat(AdminPasswordPolicy.minimumLength(true, 0)).isEqualTo(12);
        assertThat(AdminPasswordPolicy.minimumLength(true, 4)).isEqualTo(12);
        assertThat(AdminPasswordPolicy.minimumLength(true, 20)).isEqualTo(20);
        assertThat(AdminPasswordPolicy.minimumLength(false, 0)).isZero();
    }

    @Test
    void shouldRefuseAnElevenCharacterPasswordNamingTheVariable() {
        assertThat(AdminPasswordPolicy.violation(true, PROD, Optional.of("admin"), Optional.of("elevenchars")))
                .hasValueSatisfying(problem -> assertThat(problem).contains("APP_ADMIN_PASSWORD").contains("11")
                        .contains("12"));
    }

    @Test
    void shouldAcceptATwelveCharacterPassword() {
        assertThat(AdminPasswordPolicy.violation(true, PROD, Optional.of("admin"), Optional.of("twelve-chars"))).isEmpty();
    }

    @Test
    void shouldRefuseAMissingPasswordOrUsernameWhenServingTheApi() {
        assertThat(AdminPasswordPolicy.violation(true, PROD, Optional.of("admin"), Optional.empty()))
                .hasValueSatisfying(problem -> assertThat(problem).contains("APP_ADMIN_PASSWORD"));
        assertThat(AdminPasswordPolicy.violation(true, PROD, Optional.empty(), Optional.of("a-long-password")))
                .hasValueSatisfying(problem -> assertThat(problem).contains("APP_ADMIN_USERNAME"));
    }

    @Test
    void shouldNotAskAWorkersOnlyInstanceForAdminCredentials() {
        assertThat(AdminPasswordPolicy.violation(false, PROD, Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void shouldKeepAdminAdminInDevAndTest() {
        assertThat(AdminPasswordPolicy.violation(true, AdminPasswordPolicy.minimumLength(false, 0), Optional.of("admin"),
                Optional.of("admin"))).isEmpty();
    }
}
