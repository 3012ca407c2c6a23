package tickets.orders.api;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import tickets.eventsourcing.http.ETag;
import tickets.eventsourcing.http.OwnedReads;
import tickets.eventsourcing.http.Requests;
import tickets.eventsourcing.security.AccessControl;
import tickets.orders.OrderLine;
import tickets.orders.OrderRules.OrderNotFound;
import tickets.orders.projections.OrderView;

import java.util.List;
import java.util.UUID;

/** A customer's orders (one per concert of each purchase); an admin sees any. */
@Path("/api/orders")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Orders")
public class OrdersResource {

    /** An order as clients see it. */
    public record OrderResponse(UUID id, UUID purchaseId, UUID reservationId, UUID userId, UUID concertId, String status,
                                boolean compensated, List<OrderLine> lines, long totalMinor, String currency,
                                String endReason, long version) {
        static OrderResponse from(OrderView v) {
            return new OrderResponse(v.id, v.purchaseId, v.reservationId, v.userId, v.concertId, v.status, v.compensated,
                    v.lines.lines(), v.totalMinor, v.currency, v.endReason, v.version);
        }
    }

    @Inject
    CurrentIdentityAssociation identities;

    @GET
    @RolesAllowed({AccessControl.CUSTOMER, AccessControl.ADMIN})
    @SecurityRequirement(name = "bearer")
    @WithSession
    public Uni<List<OrderResponse>> mine(@QueryParam("page") String pageParam, @QueryParam("size") String sizeParam) {
        int page = Requests.intParam(pageParam, "page", 0, 0, 100_000);
        int size = Requests.intParam(sizeParam, "size", 20, 1, 100);
        return identities.getDeferredIdentity().chain(identity -> OrderView.<OrderView>find("userId",
                        Sort.by("id"), AccessControl.userUuid(identity)).page(page, size).list())
                .map(views -> views.stream().map(OrderResponse::from).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({AccessControl.CUSTOMER, AccessControl.ADMIN})
    @SecurityRequirement(name = "bearer")
    @WithSession
    public Uni<Response> get(@PathParam("id") String idParam) {
        UUID id = Requests.pathId(idParam, OrderNotFound::new);
        return OwnedReads.ownerOrAdmin(OrderView.<OrderView>findById(id), () -> new OrderNotFound(id), view -> view.userId,
                        identities)
                .map(view -> Response.ok(OrderResponse.from(view)).header(HttpHeaders.ETAG, ETag.of(view.version).headerValue())
                        .build());
    }
}
