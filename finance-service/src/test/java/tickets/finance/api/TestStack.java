package tickets.finance.api;

import io.quarkus.test.common.QuarkusTestResource;
import tickets.testkit.ServiceTestStack;

/** The real PostgreSQL, Kafka and relay, and the WireMock OIDC server, for every test of this module. */
@QuarkusTestResource(ServiceTestStack.class)
public final class TestStack {

    private TestStack() {
    }
}
