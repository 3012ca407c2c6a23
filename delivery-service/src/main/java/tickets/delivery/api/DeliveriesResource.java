package tickets.delivery.api;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import tickets.delivery.Deliveries;
import tickets.delivery.DeliveryRules.TicketNotFound;
import tickets.delivery.projections.TicketView;
import tickets.eventsourcing.ValidationException;
import tickets.eventsourcing.http.Requests;
import tickets.eventsourcing.security.AccessControl;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The box office: printed tickets waiting to be posted, and their dispatch. */
@Path("/api/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Deliveries")
public class DeliveriesResource {

    private static final Set<String> STATUSES = Set.of("PENDING", "DELIVERED", "REVOKED");

    /** Request body of a dispatch. */
    public static final class DispatchRequest {
        public String carrier;
        public String trackingNumber;

        @com.fasterxml.jackson.annotation.JsonAnySetter
        void refuse(String field, Object value) {
            throw ValidationException.field(field, "is not part of a dispatch (only carrier and trackingNumber)");
        }
    }

    @Inject
    Deliveries deliveries;
    @Inject
    CurrentIdentityAssociation identities;

    /** Printed tickets by status (default: PENDING, waiting to be posted), oldest first, with their address and code. */
    @GET
    @Path("/printed")
    @RolesAllowed(AccessControl.ADMIN)
    @SecurityRequirement(name = "bearer")
    @WithSession
    public Uni<List<TicketResponse>> printed(@QueryParam("status") String statusParam, @QueryParam("page") String pageParam,
                                             @QueryParam("size") String sizeParam) {
        String status = statusParam == null ? "PENDING" : statusParam.toUpperCase(java.util.Locale.ROOT);
        ValidationException.require(STATUSES.contains(status), "status", "must be one of " + STATUSES);
        int page = Requests.intParam(pageParam, "page", 0, 0, 100_000);
        int size = Requests.intParam(sizeParam, "size", 50, 1, 200);
        return TicketView.<TicketView>find("method = 'PRINTED' and status = ?1", Sort.by("preparedAt").and("id"), status)
                .page(page, size).list()
                .map(views -> views.stream().map(v -> TicketResponse.from(v, TicketResponse.mayHaveCode(v, true))).toList());
    }

    /** The box office posted a printed ticket: 200 with the ticket; the same dispatch again changes nothing. */
    @POST
    @Path("/printed/{ticketId}/dispatch")
    @RolesAllowed(AccessControl.ADMIN)
    @SecurityRequirement(name = "bearer")
    public Uni<TicketResponse> dispatch(@PathParam("ticketId") String idParam, DispatchRequest body,
                                        @HeaderParam(Requests.CORRELATION_HEADER) String correlation) {
        UUID ticketId = Requests.pathId(idParam, TicketNotFound::new);
        Requests.requireBody(body);
        return identities.getDeferredIdentity()
                .chain(identity -> deliveries.dispatch(ticketId, body.carrier, body.trackingNumber,
                        Requests.commandContext(identity, correlation)))
                .chain(() -> io.quarkus.hibernate.reactive.panache.Panache.withSession(
                        () -> TicketView.<TicketView>findById(ticketId)))
                .map(view -> TicketResponse.from(view, true));
    }
}
