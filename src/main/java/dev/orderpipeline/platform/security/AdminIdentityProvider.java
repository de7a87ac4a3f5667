package dev.orderpipeline.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.orderpipeline.config.AppConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * HTTP Basic users: the administrator from APP_ADMIN_USERNAME / APP_ADMIN_PASSWORD (role {@code admin}), and an
 * optional read-only user from APP_VIEWER_USERNAME / APP_VIEWER_PASSWORD (role {@code viewer}, no operations).
 */
@ApplicationScoped
public class AdminIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    public static final String ADMIN_ROLE = "admin";
    public static final String VIEWER_ROLE = "viewer";

    private final Optional<String> username;
    private final Optional<String> password;
    private final Optional<String> viewerUsername;
    private final Optional<String> viewerPassword;

    AdminIdentityProvider(AppConfig config) {
        this.username = config.admin().username();
        this.password = config.admin().password();
        this.viewerUsername = config.viewer().username();
        this.viewerPassword = config.viewer().password();
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        String givenPassword = new String(request.getPassword().getPassword());
        String role = matches(username, password, request.getUsername(), givenPassword) ? ADMIN_ROLE
                : matches(viewerUsername, viewerPassword, request.getUsername(), givenPassword) ? VIEWER_ROLE : null;
        if (role == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("invalid credentials"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(request.getUsername()))
                .addRole(role)
                .build());
    }

    private static boolean matches(Optional<String> user, Optional<String> secret, String givenUser, String givenPassword) {
        if (user.isEmpty() || secret.isEmpty()) {
            return false;
        }
        boolean userMatches = constantTimeEquals(user.get(), givenUser);
        boolean passwordMatches = constantTimeEquals(secret.get(), givenPassword);
        return userMatches && passwordMatches;
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                (actual == null ? "" : actual).getBytes(StandardCharsets.UTF_8));
    }
}
