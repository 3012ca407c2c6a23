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
import tickets.eventsourcing.ResourceNotFound;
import tickets.eventsourcing.http.ETag;
import tickets.eventsourcing.http.OwnedReads;
import tickets.eventsourcing.http.Requests;
import tickets.eventsourcing.security.AccessControl;
import tickets.orders.Purchase;
import tickets.orders.projections.PurchaseView;

import java.util.List;
import java.util.UUID;

/**
 * A purchase (its id is the confirmed cart's) followed from confirmation to its end: status,
 * orders, payment and every step with its time. The one place a client follows a purchase.
 */
@Path("/api/purchases")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Purchases")
public class PurchasesResource {

    /** A purchase as clients see it. */
    public record PurchaseResponse(UUID id, UUID userId, String status, String outcome, String payment, UUID paymentId,
                                   int expectedOrders, List<Purchase.Order> orders, List<Purchase.Step> steps,
                                   long version) {
        static PurchaseResponse from(PurchaseView v) {
            return new PurchaseResponse(v.id, v.userId, v.status, v.outcome, v.paymentStatus, v.paymentId, v.expectedOrders,
                    v.timeline.orders(), v.timeline.steps(), v.version);
        }
    }

    @Inject
    CurrentIdentityAssociation identities;

    @GET
    @RolesAllowed({AccessControl.CUSTOMER, AccessControl.ADMIN})
    @SecurityRequirement(name = "bearer")
    @WithSession
    public Uni<List<PurchaseResponse>> mine(@QueryParam("page") String pageParam, @QueryParam("size") String sizeParam) {
        int page = Requests.intParam(pageParam, "page", 0, 0, 100_000);
        int size = Requests.intParam(sizeParam, "size", 20, 1, 100);
        return identities.getDeferredIdentity().chain(identity -> PurchaseView.<PurchaseView>find("userId",
                        Sort.by("id"), AccessControl.userUuid(identity)).page(page, size).list())
                .map(views -> views.stream().map(PurchaseResponse::from).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({AccessControl.CUSTOMER, AccessControl.ADMIN})
    @SecurityRequirement(name = "bearer")
    @WithSession
    public Uni<Response> get(@PathParam("id") String idParam) {
        UUID id = Requests.pathId(idParam, raw -> new ResourceNotFound("purchase", raw));
        return OwnedReads.ownerOrAdmin(PurchaseView.<PurchaseView>findById(id), () -> new ResourceNotFound("purchase", id),
                        view -> view.userId, identities)
                .map(view -> Response.ok(PurchaseResponse.from(view))
                        .header(HttpHeaders.ETAG, ETag.of(view.version).headerValue()).build());
    }
}
