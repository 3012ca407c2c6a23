package tickets.reservations.api;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import tickets.eventsourcing.ValidationException;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.ResourceNotFound;
import tickets.eventsourcing.http.ETag;
import tickets.eventsourcing.http.Requests;
import tickets.eventsourcing.security.AccessControl;
import tickets.reservations.RejectedLine;
import tickets.reservations.ReservationAggregate;
import tickets.reservations.ReservationCommand.CancelReservation;
import tickets.reservations.ReservationLine;
import tickets.reservations.ReservationRules.ReservationNotFound;
import tickets.reservations.projections.ReservationView;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Reservations over HTTP: customers see and cancel their own; anyone sees what is still available. */
@Path("/api/reservations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reservations")
public class ReservationsResource {

    /** A reservation (or a cart's rejection) as clients see it. */
    public record ReservationResponse(UUID id, UUID cartId, UUID userId, UUID concertId, String status,
                                      List<ReservationLine> lines, List<RejectedLine> rejectedLines, String currency,
                                      Instant expiresAt, long version) {
        static ReservationResponse from(UUID id, tickets.reservations.Reservation r, long version) {
            return new ReservationResponse(id, r.cartId(), r.userId(), r.concertId(), r.status().name(), r.lines(),
                    r.rejectedLines(), r.currency(), r.expiresAt(), version);
        }

        static ReservationResponse from(ReservationView v) {
            return new ReservationResponse(v.id, v.cartId, v.userId, v.concertId, v.status,
                    v.lines == null ? List.of() : v.lines.lines(), v.lines == null ? List.of() : v.lines.rejected(),
                    v.currency, v.expiresAt, v.version);
        }
    }

    /** Tickets of one level: how many exist, are held, are left. */
    public record Availability(String ticketLevel, int capacity, int reserved, int available) {
    }

    /** Request body of a cancellation. */
    public record CancelRequest(String reason) {
    }

    @Inject
    CurrentIdentityAssociation identities;
    @Inject
    CommandHandler commands;
    @Inject
    ReservationAggregate reservations;

    @GET
    @RolesAllowed({AccessControl.CUSTOMER, AccessControl.ADMIN})
    @WithSession
    public Uni<List<ReservationResponse>> mine() {
        return identities.getDeferredIdentity().chain(identity -> ReservationView.<ReservationView>find("userId",
                        Sort.by("id"), AccessControl.userUuid(identity)).list())
                .map(views -> views.stream().map(ReservationResponse::from).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({AccessControl.CUSTOMER, AccessControl.ADMIN})
    @WithSession
    public Uni<Response> get(@PathParam("id") String idParam) {
        UUID id = Requests.pathId(idParam, ReservationNotFound::new);
        return ReservationView.<ReservationView>findById(id).chain(view -> {
            if (view == null) {
                throw new ReservationNotFound(id);
            }
            return identities.getDeferredIdentity().map(identity -> {
                AccessControl.requireOwnerOrAdmin(identity, String.valueOf(view.userId));
                return Response.ok(ReservationResponse.from(view))
                        .header(HttpHeaders.ETAG, ETag.of(view.version).headerValue()).build();
            });
        });
    }

    /** Cancelling without a body (no reason given). */
    @POST
    @Path("/{id}/cancellation")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({AccessControl.CUSTOMER, AccessControl.ADMIN})
    public Uni<Response> cancelWithoutReason(@PathParam("id") String idParam,
                                             @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                             @HeaderParam(Requests.CORRELATION_HEADER) String correlation) {
        return cancel(idParam, null, ifMatch, correlation);
    }

    @POST
    @Path("/{id}/cancellation")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({AccessControl.CUSTOMER, AccessControl.ADMIN})
    public Uni<Response> cancel(@PathParam("id") String idParam, CancelRequest body,
                                @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                @HeaderParam(Requests.CORRELATION_HEADER) String correlation) {
        UUID id = Requests.pathId(idParam, ReservationNotFound::new);
        String reason = body == null || body.reason() == null || body.reason().isBlank() ? "cancelled by the customer"
                : ValidationException.text(body.reason(), "reason", 200);
        return identities.getDeferredIdentity().chain(identity -> ReservationView.<ReservationView>findById(id)
                .onItem().ifNull().failWith(() -> new ReservationNotFound(id))
                .invoke(view -> AccessControl.requireOwnerOrAdmin(identity, String.valueOf(view.userId)))
                // a cancellation belongs to the purchase saga of its cart
                .chain(view -> commands.handle(reservations, id, ETag.expectedFromIfMatch(ifMatch),
                        new CancelReservation(id, reason),
                        Requests.commandContext(identity, correlation).correlatedWith(view.cartId)))
                .map(result -> Response.ok(ReservationResponse.from(id, result.state(), result.version()))
                        .header(HttpHeaders.ETAG, ETag.of(result.version()).headerValue()).build()));
    }

    @GET
    @Path("/availability/{concertId}")
    @PermitAll
    @WithSession
    public Uni<List<Availability>> availability(@PathParam("concertId") String concertParam) {
        UUID concertId = Requests.pathId(concertParam, raw -> new ResourceNotFound("concert", raw));
        return io.quarkus.hibernate.reactive.panache.Panache.getSession().chain(session -> session.createNativeQuery("""
                        select l.level, l.capacity, l.reserved,
                               case when coalesce(c.cancelled, false) then 0 else greatest(0, l.capacity - l.reserved) end
                        from level_capacity l left join concert_state c on c.concert_id = l.concert_id
                        where l.concert_id = :concertId order by l.level""", Object[].class)
                        .setParameter("concertId", concertId).getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw new ResourceNotFound("concert", concertId);
                    }
                    return rows.stream().map(r -> new Availability((String) r[0], ((Number) r[1]).intValue(),
                            ((Number) r[2]).intValue(), ((Number) r[3]).intValue())).toList();
                });
    }
}
