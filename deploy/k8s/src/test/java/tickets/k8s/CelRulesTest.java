package tickets.k8s;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CRDs' CEL rules are evaluated on our manifests ({@link KindModels}, every manifest in ManifestModelsTest), and
 * they do refuse what the API server would: each case below breaks one rule of a kind we use, and the check names it.
 */
class CelRulesTest {

    @Test
    void every_manifest_of_both_overlays_keeps_the_rules_of_its_crd_and_the_rules_are_really_evaluated() {
        int before = CelRules.EVALUATED.get();
        for (String overlay : Manifests.OVERLAYS) {
            for (ObjectNode manifest : Manifests.built(overlay)) {
                assertThat(KindModels.problems(manifest)).as(overlay + " " + manifest.path("kind").asText() + " "
                        + manifest.path("metadata").path("name").asText()).isEmpty();
            }
        }
        // Gateway API's HTTPRoutes alone carry dozens of rules per route; Strimzi, CloudNativePG and the rest add more
        int evaluated = CelRules.EVALUATED.get() - before;
        System.out.printf("[cel] %d rule evaluations over both overlays%n", evaluated);
        assertThat(evaluated).as("rules evaluated").isGreaterThan(500);
    }

    @Test
    void a_header_modifier_twice_in_one_route_rule_is_refused() {
        ObjectNode route = Manifests.get(Manifests.built("prod"), "HTTPRoute", "users").deepCopy();
        ArrayNode filters = (ArrayNode) route.path("spec").path("rules").get(0).path("filters");
        filters.add(filters.get(0).deepCopy());  // the RequestHeaderModifier again
        assertThat(KindModels.problems(route)).anySatisfy(problem -> assertThat(problem).startsWith("CEL at /spec/rules/0/filters")
                .contains("RequestHeaderModifier filter cannot be repeated"));
    }

    @Test
    void a_backend_tls_policy_naming_one_service_twice_without_section_names_is_refused() {
        ObjectNode policy = Manifests.get(Manifests.built("prod"), "BackendTLSPolicy", "keycloak-tls").deepCopy();
        ArrayNode targets = (ArrayNode) policy.path("spec").path("targetRefs");
        targets.add(targets.get(0).deepCopy());
        assertThat(KindModels.problems(policy)).anySatisfy(problem -> assertThat(problem).startsWith("CEL at /spec/targetRefs")
                .contains("sectionName must be unique"));
    }

    @Test
    void a_response_cost_on_a_local_rate_limit_is_refused() {
        ObjectNode policy = Manifests.get(Manifests.built("prod"), "BackendTrafficPolicy", "payments-rate-limits").deepCopy();
        ((ObjectNode) policy.path("spec").path("rateLimit").path("local").path("rules").get(0)).putObject("cost")
                .putObject("response").put("from", "Number").put("number", 1);
        assertThat(KindModels.problems(policy)).anySatisfy(problem -> assertThat(problem)
                .contains("response cost is not supported for Local Rate Limits"));
    }

    @Test
    void the_defaults_of_the_schema_apply_before_the_rules_as_on_the_api_server() {
        // a path match without a type is a PathPrefix by default; its rules (a prefix starts with "/") then hold
        ObjectNode route = Manifests.get(Manifests.built("prod"), "HTTPRoute", "users").deepCopy();
        ((ObjectNode) route.path("spec").path("rules").get(0).path("matches").get(0).path("path")).remove("type");
        assertThat(KindModels.problems(route)).isEmpty();
        ((ObjectNode) route.path("spec").path("rules").get(0).path("matches").get(0).path("path")).put("value", "api/users");
        assertThat(KindModels.problems(route)).anySatisfy(problem -> assertThat(problem)
                .startsWith("CEL at /spec/rules/0/matches/0/path").contains("must be an absolute path"));
    }
}
