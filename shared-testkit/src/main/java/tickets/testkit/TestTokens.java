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

    /** The audience every service requires (quarkus.oidc.token.audience; the realm's tickets-web client adds it). */
    public static final String AUDIENCE = "tickets-api";

    public static String forUser(String user, String... roles) {
        return forAudience(AUDIENCE, user, roles);
    }

    /** A token of the trusted issuer, but meant for another API. */
    public static String forAnotherAudience() {
        return forAudience("https://other-api.example.com", UUID.randomUUID().toString(), "admin");
    }

    private static String forAudience(String audience, String user, String... roles) {
        return Jwt.preferredUserName(user)
                .subject(user)
                .issuer("https://server.example.com")
                .audience(audience)
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
