package tickets.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import tickets.devstack.Devstack;

import java.util.Map;

/**
 * The real Keycloak with the {@code tickets} realm, for a test class (or profile) that proves the
 * real token path while the rest of its module uses the WireMock OIDC server of {@link ServiceTestStack}.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    private String context;
    private Devstack devstack;

    @Override
    public void init(Map<String, String> initArgs) {
        context = initArgs.getOrDefault("context", ServiceTestStack.contextOfThisModule());
    }

    @Override
    public Map<String, String> start() {
        devstack = Devstack.sharedForTestsWithKeycloak(context);
        return ServiceTestStack.keycloak(devstack);
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
