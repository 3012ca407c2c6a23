package tickets.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import tickets.devstack.Gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production edge limits what the local gateway limits, per client address and at the same rate, on every
 * spelling of a path that reaches the same endpoint (Envoy Gateway's BackendTrafficPolicy, components/edge-rate-limits).
 * The rules are evaluated here as Envoy does: each of a rule's client selectors must match (method, the whole
 * {@code :path} with its query against the regular expression, the address family), on a policy attached to the
 * HTTPRoute that serves the path.
 */
class EdgeRateLimitsTest {

    /** The endpoints behind each of the local gateway's limits (its zones). */
    private static final Map<String, List<String>> ENDPOINTS = Map.of(
            "registration", List.of("/api/users"),
            "login", List.of("/auth/realms/tickets/protocol/openid-connect/token",
                    "/auth/realms/tickets/login-actions/authenticate"),
            "payment", List.of("/api/payments"));

    @Test
    void registration_passwords_and_payments_are_limited_per_address_as_the_local_gateway_limits_them_on_every_spelling() {
        assertThat(Gateway.RATE_LIMITS).extracting(Gateway.RateLimit::zone).containsExactlyInAnyOrderElementsOf(ENDPOINTS.keySet());
        for (String overlay : Manifests.OVERLAYS) {
            List<ObjectNode> built = Manifests.built(overlay);
            for (Gateway.RateLimit local : Gateway.RATE_LIMITS) {
                for (String path : ENDPOINTS.get(local.zone())) {
                    for (String spelling : List.of(path, path + "/", path + "//", path + ";jsessionid=1",
                            path + "?session_code=abc&execution=e1&client_id=tickets-web")) {
                        for (String addresses : List.of("0.0.0.0/0", "::/0")) {
                            assertThat(limitsPerMinute(built, "POST", spelling, addresses))
                                    .as("%s: POST %s from %s", overlay, spelling, addresses).containsExactly(local.perMinute());
                        }
                    }
                    assertThat(limitsPerMinute(built, "GET", path, "0.0.0.0/0")).as("%s: GET %s", overlay, path).isEmpty();
                }
            }
            // what only starts like a limited path is not limited (a customer's own requests, an admin's)
            for (String other : List.of("/api/users/me", "/api/users/8d4f/roles", "/api/payments/8d4f",
                    "/auth/realms/tickets/protocol/openid-connect/certs")) {
                assertThat(limitsPerMinute(built, "POST", other, "0.0.0.0/0")).as("%s: POST %s", overlay, other).isEmpty();
            }
        }
    }

    /** The per-minute limits of every rule that applies to this request on the route serving its path. */
    private static List<Integer> limitsPerMinute(List<ObjectNode> built, String method, String pathAndQuery, String addresses) {
        String route = routeServing(built, pathAndQuery.replaceAll("[?;].*", ""));
        List<Integer> limits = new ArrayList<>();
        for (ObjectNode policy : Manifests.ofKind(built, "BackendTrafficPolicy")) {
            boolean attached = false;
            for (JsonNode target : policy.path("spec").path("targetRefs")) {
                attached |= target.path("kind").asText().equals("HTTPRoute") && target.path("name").asText().equals(route);
            }
            if (!attached) {
                continue;
            }
            assertThat(policy.path("spec").path("rateLimit").has("global")).as("a local limit needs no rate limit service").isFalse();
            for (JsonNode rule : policy.path("spec").path("rateLimit").path("local").path("rules")) {
                boolean applies = true;
                for (JsonNode selector : rule.path("clientSelectors")) {
                    applies &= matches(selector, method, pathAndQuery, addresses);
                }
                if (applies) {
                    assertThat(rule.path("limit").path("unit").asText()).isEqualTo("Minute");
                    limits.add(rule.path("limit").path("requests").asInt());
                }
            }
        }
        return limits;
    }

    private static boolean matches(JsonNode selector, String method, String pathAndQuery, String addresses) {
        if (selector.has("methods")) {
            boolean any = false;
            for (JsonNode allowed : selector.path("methods")) {
                any |= allowed.path("value").asText().equals(method);
            }
            if (!any) {
                return false;
            }
        }
        if (selector.has("path")) {
            assertThat(selector.path("path").path("type").asText()).isEqualTo("RegularExpression");
            // Envoy matches the whole :path, query included (RE2; these expressions mean the same in Java)
            if (!Pattern.compile(selector.path("path").path("value").asText()).matcher(pathAndQuery).matches()) {
                return false;
            }
        }
        JsonNode source = selector.path("sourceCIDR");
        // a limit per address: every address of the family its own bucket, never one bucket for everyone
        assertThat(source.path("type").asText()).as("a limit per client address").isEqualTo("Distinct");
        return source.path("value").asText().equals(addresses);
    }

    /** The HTTPRoute whose longest PathPrefix match (whole segments, as Gateway API matches) takes this path. */
    private static String routeServing(List<ObjectNode> built, String path) {
        String best = null;
        int longest = -1;
        for (ObjectNode route : Manifests.ofKind(built, "HTTPRoute")) {
            for (JsonNode rule : route.path("spec").path("rules")) {
                for (JsonNode match : rule.path("matches")) {
                    String prefix = match.path("path").path("value").asText();
                    if (Manifests.pathPrefixTakes(prefix, path) && prefix.length() > longest && !route.path("metadata").path("name").asText().equals("https-redirect")) {
                        best = route.path("metadata").path("name").asText();
                        longest = prefix.length();
                    }
                }
            }
        }
        assertThat(best).as("a route serves " + path).isNotNull();
        return best;
    }
}
