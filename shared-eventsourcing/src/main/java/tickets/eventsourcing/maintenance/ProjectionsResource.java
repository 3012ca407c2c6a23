package tickets.eventsourcing.maintenance;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import tickets.eventsourcing.ResourceNotFound;
import tickets.eventsourcing.security.AccessControl;

import java.util.List;

/**
 * Admin operations every service has, under {@code /api/admin/<context>/...} (the gateway routes
 * that prefix to the service, as it routes {@code /api/<context>}).
 */
@Path("/api/admin/{context}/projections")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Administration")
public class ProjectionsResource {

    @Inject
    ProjectionRebuild rebuild;
    @ConfigProperty(name = "tickets.context")
    String context;

    @POST
    @Path("/rebuild")
    @Consumes(MediaType.WILDCARD) // no body
    @RolesAllowed(AccessControl.ADMIN)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Rebuild the read models from the event table",
            description = "Empties this service's read models and projects every stream again; publishes nothing.")
    public Uni<List<ProjectionRebuild.Rebuilt>> rebuild(@PathParam("context") String pathContext) {
        if (!context.equals(pathContext)) {
            throw new ResourceNotFound("service", pathContext);
        }
        return rebuild.rebuildAll();
    }
}
