package tickets.eventsourcing.testapp;

import io.quarkus.test.common.QuarkusTestResource;
import tickets.testkit.ServiceTestStack;

/** The real PostgreSQL, Kafka and relay, and the WireMock OIDC server, for the library's own tests. */
@QuarkusTestResource(ServiceTestStack.class)
public final class TestStack {

    private TestStack() {
    }
}
