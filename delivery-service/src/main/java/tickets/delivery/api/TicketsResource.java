package tickets.delivery.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.PermitAll;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import tickets.delivery.Deliveries;
import tickets.delivery.DeliveryRules.TicketNotFound;
import tickets.delivery.codes.PublicKeys;
import tickets.delivery.codes.SigningKeys;
import tickets.delivery.projections.ConcertInfo;
import tickets.delivery.projections.TicketView;
import tickets.eventsourcing.DomainRuleViolation;
import tickets.eventsourcing.ValidationException;
import tickets.eventsourcing.http.OwnedReads;
import tickets.eventsourcing.http.Requests;
import tickets.eventsourcing.security.AccessControl;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Tickets: the holder's, downloadable as PDF and QR; the keys that verify them; check-in at the door. */
@Path("/api/tickets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Tickets")
public class TicketsResource {

    /** Request body of a check-in: the scanned code and nothing else. */
    public static final class CheckInRequest {
        public String code;

        @com.fasterxml.jackson.annotation.JsonAnySetter
        void refuse(String field, Object value) {
            throw ValidationException.field(field, "is not part of a check-in (only code)");
        }
    }

    public record CheckInResponse(String result, UUID ticketId, UUID concertId, String ticketLevel,
                                  java.time.Instant admittedAt, String keyId) {
    }

    @Inject
    CurrentIdentityAssociation identities;
    @Inject
    Deliveries deliveries;
    @Inject
    SigningKeys keys;
    @Inject
    ConcertInfo concerts;

    /** The caller's tickets, each with its delivery state; an admin may name another customer ({@code userId}). */
    @GET
    @RolesAllowed({AccessControl.CUSTOMER, AccessControl.ADMIN})
    @SecurityRequirement(name = "bearer")
    @WithSession
    public Uni<List<TicketResponse>> mine(@QueryParam("page") String pageParam, @QueryParam("size") String sizeParam,
                                          @QueryParam("userId") String userParam) {
        int page = Requests.intParam(pageParam, "page", 0, 0, 100_000);
        int size = Requests.intParam(sizeParam, "size", 50, 1, 200);
        return identities.getDeferredIdentity().chain(identity -> {
            boolean admin = AccessControl.isAdmin(identity);
            UUID user = OwnedReads.listedUser(identity, userParam, "tickets");
            return TicketView.<TicketView>find("userId", Sort.by("preparedAt").and("id"), user).page(page, size).list()
                    .map(views -> views.stream().map(v -> TicketResponse.from(v, TicketResponse.mayHaveCode(v, admin)))
                            .toList());
        });
    }

    /** The public keys that verify ticket codes (a JWK set): a door scanner fetches them to check codes offline. */
    @GET
    @Path("/keys")
    @PermitAll
    @WithSession
    public Uni<Response> keys() {
        return keys.publicKeys().map(published -> {
            ObjectNode set = PublicKeys.toJwkSet(published);
            return Response.ok(set.toString(), "application/jwk-set+json")
                    .header(HttpHeaders.CACHE_CONTROL, "public, max-age=300").build();
        });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({AccessControl.CUSTOMER, AccessControl.ADMIN})
    @SecurityRequirement(name = "bearer")
    @WithSession
    public Uni<TicketResponse> get(@PathParam("id") String idParam) {
        return owned(idParam).chain(view -> identities.getDeferredIdentity().map(identity ->
                TicketResponse.from(view, TicketResponse.mayHaveCode(view, AccessControl.isAdmin(identity)))));
    }

    /** The ticket as a PDF to print or show: the holder's delivered online ticket (the box office: any not revoked). */
    @GET
    @Path("/{id}/pdf")
    @Produces({"application/pdf", MediaType.APPLICATION_JSON})
    @RolesAllowed({AccessControl.CUSTOMER, AccessControl.ADMIN})
    @SecurityRequirement(name = "bearer")
    public Uni<Response> pdf(@PathParam("id") String idParam) {
        // the session ends on its event loop; the rendering (CPU work) runs on a worker thread after it
        return Panache.withSession(() -> downloadable(idParam).chain(view -> concerts.printed(view.concertId)
                        .map(concert -> Map.entry(view, java.util.Optional.ofNullable(concert)))))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(found -> Response.ok(TicketDocuments.pdf(found.getKey(), found.getValue().orElse(null)),
                                "application/pdf")
                        .header("Content-Disposition", "attachment; filename=\"ticket-" + found.getKey().id + ".pdf\"")
                        .build());
    }

    /** The ticket's QR code as a PNG (same rules as the PDF). */
    @GET
    @Path("/{id}/qr")
    @Produces({"image/png", MediaType.APPLICATION_JSON})
    @RolesAllowed({AccessControl.CUSTOMER, AccessControl.ADMIN})
    @SecurityRequirement(name = "bearer")
    public Uni<Response> qr(@PathParam("id") String idParam) {
        return Panache.withSession(() -> downloadable(idParam)).emitOn(Infrastructure.getDefaultWorkerPool())
                .map(view -> Response.ok(TicketDocuments.qrPng(view.code), "image/png").build());
    }

    /**
     * A scanned code at the door (admin stands for door staff): 200 admitted; 409 already admitted
     * (with when), revoked, or not delivered; 422 not a genuine code; 404 a genuine code of no ticket.
     */
    @POST
    @Path("/check-in")
    @RolesAllowed(AccessControl.ADMIN)
    @SecurityRequirement(name = "bearer")
    public Uni<CheckInResponse> checkIn(CheckInRequest body, @HeaderParam(Requests.CORRELATION_HEADER) String correlation) {
        Requests.requireBody(body);
        ValidationException.required(body.code, "code");
        return identities.getDeferredIdentity().chain(identity -> deliveries.checkIn(body.code,
                        Requests.commandContext(identity, correlation)))
                .map(admitted -> new CheckInResponse("ADMITTED", admitted.ticketId(), admitted.concertId(),
                        admitted.ticketLevel(), admitted.admittedAt(), admitted.keyId()));
    }

    private Uni<TicketView> owned(String idParam) {
        UUID id = Requests.pathId(idParam, TicketNotFound::new);
        return OwnedReads.ownerOrAdmin(TicketView.<TicketView>findById(id), () -> new TicketNotFound(id), v -> v.userId,
                identities);
    }

    private Uni<TicketView> downloadable(String idParam) {
        return owned(idParam).chain(view -> identities.getDeferredIdentity().map(identity -> {
            if (!TicketResponse.mayHaveCode(view, AccessControl.isAdmin(identity))) {
                throw new NotDownloadable(view);
            }
            return view;
        }));
    }

    /** Why a ticket cannot be downloaded by this caller. */
    static final class NotDownloadable extends DomainRuleViolation {
        NotDownloadable(TicketView view) {
            super("REVOKED".equals(view.status) ? "ticket " + view.id + " was revoked: " + view.revokedReason
                    : "PRINTED".equals(view.method) ? "ticket " + view.id + " is a printed ticket: it comes by post"
                    : "ticket " + view.id + " is not delivered yet");
        }
    }
}
