package tickets.users.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import tickets.testkit.DevstackTestResource;
import tickets.testkit.KeycloakTestResource;

/** users-service tests run against the real PostgreSQL, Kafka, relay and Keycloak (its admin API is the point). */
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "context", value = "users"))
@QuarkusTestResource(value = KeycloakTestResource.class, initArgs = @ResourceArg(name = "context", value = "users"))
public final class UsersTestResources {

    private UsersTestResources() {
    }
}
