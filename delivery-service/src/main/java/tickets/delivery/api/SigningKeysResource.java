package tickets.delivery.api;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import tickets.delivery.codes.SigningKeys;
import tickets.eventsourcing.security.AccessControl;

import java.util.List;

/** Rotation of the keys that sign ticket codes: a new key signs new tickets; every older key still verifies. */
@Path("/api/admin/delivery/signing-keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tickets")
public class SigningKeysResource {

    public record KeyResponse(String keyId) {
    }

    @Inject
    SigningKeys keys;

    /** The key ids, oldest first; the last one signs. */
    @GET
    @RolesAllowed(AccessControl.ADMIN)
    @SecurityRequirement(name = "bearer")
    public Uni<List<String>> list() {
        return Panache.withSession(() -> keys.keyIds());
    }

    @POST
    @Consumes(MediaType.WILDCARD) // no body
    @RolesAllowed(AccessControl.ADMIN)
    @SecurityRequirement(name = "bearer")
    public Uni<Response> rotate() {
        return Panache.withTransaction(() -> keys.rotate())
                .map(key -> Response.status(Response.Status.CREATED).entity(new KeyResponse(key.keyId())).build());
    }
}
