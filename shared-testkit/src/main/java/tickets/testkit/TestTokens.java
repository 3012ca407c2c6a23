package tickets.testkit;

import io.smallrye.jwt.build.Jwt;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Bearer tokens signed for the WireMock OIDC server, with roles where Keycloak puts them (realm_access.roles). */
public final class TestTokens {

    private TestTokens() {
    }

    public static String admin() {
        return forUser(UUID.randomUUID().toString(), "admin");
    }

    public static String customer() {
        return forUser(UUID.randomUUID().toString(), "customer");
    }

    public static String forUser(String user, String... roles) {
        return Jwt.preferredUserName(user)
                .subject(user)
                .issuer("https://server.example.com")
                .audience("https://service.example.com")
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .jws().keyId("1")
                .sign();
    }

    /** A token from an issuer the service does not trust. */
    public static String foreign() {
        return Jwt.preferredUserName("mallory").issuer("https://evil.example.com")
                .claim("realm_access", Map.of("roles", List.of("admin")))
                .jws().keyId("1").sign();
    }
}
