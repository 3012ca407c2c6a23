package tickets.reservations.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import tickets.testkit.DevstackTestResource;

/** The servers every test of reservations-service runs against: real PostgreSQL, Kafka and relay; WireMock OIDC. */
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "context", value = "reservations"))
@QuarkusTestResource(OidcWiremockTestResource.class)
public final class ReservationsTestResources {

    private ReservationsTestResources() {
    }
}
