package tickets.payments.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import tickets.testkit.ServiceTestStack;

/** The real PostgreSQL, Kafka and relay, the sandbox payment provider and the WireMock OIDC server, for every test of this module. */
@QuarkusTestResource(value = ServiceTestStack.class, initArgs = @ResourceArg(name = "paymentProvider", value = "sandbox"))
public final class TestStack {

    private TestStack() {
    }
}
