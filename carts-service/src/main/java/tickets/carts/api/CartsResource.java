package tickets.carts.api;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import tickets.carts.CartCommand.ClearCart;
import tickets.carts.CartCommand.CreateCart;
import tickets.carts.CartCommand.RemoveTicketFromCart;
import tickets.carts.CartLine;
import tickets.carts.CartRules.CartNotFound;
import tickets.carts.Carts;
import tickets.carts.projections.CartView;
import tickets.contracts.ShippingAddress;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.CommandResult;
import tickets.eventsourcing.ExpectedVersion;
import tickets.eventsourcing.ValidationException;
import tickets.eventsourcing.http.ETag;
import tickets.eventsourcing.http.Requests;
import tickets.eventsourcing.security.AccessControl;

import java.util.UUID;

/**
 * Carts over HTTP. Anyone may create a cart and fill it: its random id is the capability. Only a
 * logged-in customer confirms it, and then it is theirs: only they (or an admin) read it.
 */
@Path("/api/carts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Carts")
public class CartsResource {

    @Inject
    Carts carts;
    @Inject
    CurrentIdentityAssociation identities;
    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    @POST
    @PermitAll
    @Consumes(MediaType.WILDCARD) // no body
    public Uni<Response> create(@HeaderParam(Requests.CORRELATION_HEADER) String correlation, @Context UriInfo uri) {
        UUID id = UUID.randomUUID();
        return carts.handle(id, ExpectedVersion.NO_STREAM, new CreateCart(id), Requests.commandContext(null, correlation))
                .map(result -> Response.created(uri.getAbsolutePathBuilder().path(id.toString()).build())
                        .header(HttpHeaders.ETAG, ETag.of(result.version()).headerValue())
                        .entity(CartResponse.from(result.state(), result.version())).build());
    }

    @GET
    @Path("/{id}")
    @PermitAll
    @WithSession
    public Uni<Response> get(@PathParam("id") String idParam) {
        UUID id = cartId(idParam);
        return CartView.<CartView>findById(id).chain(view -> {
            if (view == null) {
                throw new CartNotFound(id);
            }
            return ownerCheck(view).map(ignored -> Response.ok(CartResponse.from(view))
                    .header(HttpHeaders.ETAG, ETag.of(view.version).headerValue()).build());
        });
    }

    @GET
    @RolesAllowed({AccessControl.CUSTOMER, AccessControl.ADMIN})
    @WithSession
    public Uni<java.util.List<CartResponse>> mine(@QueryParam("page") String pageParam, @QueryParam("size") String sizeParam) {
        int page = Requests.intParam(pageParam, "page", 0, 0, 100_000);
        int size = Requests.intParam(sizeParam, "size", 20, 1, 100);
        return identities.getDeferredIdentity().chain(identity -> CartView.<CartView>find("userId",
                        Sort.by("id"), AccessControl.userUuid(identity)).page(page, size).list())
                .map(views -> views.stream().map(CartResponse::from).toList());
    }

    @POST
    @Path("/{id}/lines")
    @PermitAll
    public Uni<Response> add(@PathParam("id") String idParam, CartResponse.AddTicketRequest body,
                             @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                             @HeaderParam(Requests.CORRELATION_HEADER) String correlation) {
        UUID id = cartId(idParam);
        Requests.requireBody(body);
        ValidationException.required(body.quantity(), "quantity");
        CartLine line = new CartLine(body.concertId(), body.ticketLevel(), body.quantity());
        return respond(carts.add(id, line, ETag.expectedFromIfMatch(ifMatch), Requests.commandContext(null, correlation)));
    }

    @DELETE
    @Path("/{id}/lines")
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> remove(@PathParam("id") String idParam, @QueryParam("concertId") String concertId,
                                @QueryParam("ticketLevel") String ticketLevel,
                                @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                @HeaderParam(Requests.CORRELATION_HEADER) String correlation) {
        UUID id = cartId(idParam);
        ExpectedVersion expected = ETag.expectedFromIfMatch(ifMatch);
        CommandContext context = Requests.commandContext(null, correlation);
        if (concertId == null && ticketLevel == null) {
            return respond(carts.handle(id, expected, new ClearCart(id), context));
        }
        UUID concert;
        try {
            concert = UUID.fromString(ValidationException.required(concertId, "concertId"));
        } catch (IllegalArgumentException e) {
            throw ValidationException.field("concertId", "must be a concert id");
        }
        return respond(carts.handle(id, expected, new RemoveTicketFromCart(id, concert, ticketLevel), context));
    }

    /**
     * Request body of a confirmation, optional: a cart of online tickets is confirmed without one;
     * a cart with a PRINTED level needs the address to post them to (422 otherwise).
     */
    public static final class ConfirmationRequest {
        public ShippingAddress shippingAddress;

        @com.fasterxml.jackson.annotation.JsonAnySetter
        void refuse(String field, Object value) {
            throw ValidationException.field(field, "is not part of a confirmation (only shippingAddress)");
        }
    }

    @POST
    @Path("/{id}/confirmation")
    @RolesAllowed(AccessControl.CUSTOMER)
    @Consumes(MediaType.WILDCARD) // the body is optional; RequestGuards refuses one that is not JSON
    public Uni<Response> confirm(@PathParam("id") String idParam, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                 @HeaderParam(Requests.CORRELATION_HEADER) String correlation, String body)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        UUID id = cartId(idParam);
        ExpectedVersion expected = ETag.expectedFromIfMatch(ifMatch);
        ConfirmationRequest request = body == null || body.isBlank() ? null : json.readValue(body, ConfirmationRequest.class);
        ShippingAddress address = request == null ? null : request.shippingAddress;
        return identities.getDeferredIdentity().chain(identity -> {
            UUID user = AccessControl.userUuid(identity);
            // the cart id is the purchase id: it ties the whole saga together
            CommandContext context = Requests.commandContext(identity, correlation).correlatedWith(id);
            return respond(carts.confirm(id, user, address, expected, context));
        });
    }

    private Uni<Void> ownerCheck(CartView view) {
        if (view.userId == null) {
            return Uni.createFrom().voidItem(); // an open cart: the id is the capability
        }
        return identities.getDeferredIdentity().invoke(identity ->
                AccessControl.requireOwnerOrAdmin(identity, view.userId.toString())).replaceWithVoid();
    }

    private static Uni<Response> respond(Uni<CommandResult<tickets.carts.Cart, tickets.carts.CartEvent>> result) {
        return result.map(r -> Response.ok(CartResponse.from(r.state(), r.version()))
                .header(HttpHeaders.ETAG, ETag.of(r.version()).headerValue()).build());
    }

    private static UUID cartId(String raw) {
        return Requests.pathId(raw, CartNotFound::new);
    }
}
