package dev.orderpipeline.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** HTTP Basic users: the one administrator from APP_ADMIN_USERNAME / APP_ADMIN_PASSWORD, with role {@code admin}. */
@ApplicationScoped
public class AdminIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    public static final String ADMIN_ROLE = "admin";

    private final Optional<String> username;
    private final Optional<String> password;

    AdminIdentityProvider(@ConfigProperty(name = "app.admin.username") Optional<String> username,
            @ConfigProperty(name = "app.admin.password") Optional<String> password) {
        this.username = username;
        this.password = password;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        if (username.isEmpty() || password.isEmpty()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("no administrator configured"));
        }
        boolean userMatches = constantTimeEquals(username.get(), request.getUsername());
        boolean passwordMatches = constantTimeEquals(password.get(), new String(request.getPassword().getPassword()));
        if (!(userMatches && passwordMatches)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("invalid credentials"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(request.getUsername()))
                .addRole(ADMIN_ROLE)
                .build());
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                (actual == null ? "" : actual).getBytes(StandardCharsets.UTF_8));
    }
}
