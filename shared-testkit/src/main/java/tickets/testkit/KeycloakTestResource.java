package tickets.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import tickets.devstack.Devstack;

import java.util.Map;

/**
 * The real Keycloak with the {@code tickets} realm, for the tests that prove the real token path
 * (the others use the WireMock OIDC server). Init argument {@code context} as for {@link DevstackTestResource}.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    private String context;
    private Devstack devstack;

    @Override
    public void init(Map<String, String> initArgs) {
        context = initArgs.getOrDefault("context", "concerts");
    }

    @Override
    public Map<String, String> start() {
        devstack = Devstack.sharedForTestsWithKeycloak(context);
        String realm = devstack.keycloak().realmUrl();
        return Map.of(
                "quarkus.oidc.auth-server-url", realm,
                "quarkus.oidc.token.issuer", realm,
                "quarkus.keycloak.admin-client.server-url", devstack.keycloak().baseUrl(),
                "devstack.keycloak.realm-url", realm);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(devstack, new TestInjector.AnnotatedAndMatchesType(InjectDevstack.class, Devstack.class));
    }

    @Override
    public void stop() {
        // stops with the test JVM, like the rest of the devstack
    }
}
