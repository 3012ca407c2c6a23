package tickets.users.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import tickets.testkit.ServiceTestStack;

/** users-service tests run against the real PostgreSQL, Kafka, relay and Keycloak (its admin API is the point). */
@QuarkusTestResource(value = ServiceTestStack.class, initArgs = @ResourceArg(name = "identity", value = "keycloak"))
public final class TestStack {

    private TestStack() {
    }
}
