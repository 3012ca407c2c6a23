package tickets.finance.api;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
import tickets.finance.FinanceRules.InvoiceNotFound;
import tickets.finance.projections.InvoiceView;

import java.util.List;
import java.util.UUID;

/** Invoices: the caller's, one (owner or admin), and one as a PDF. The id of a purchase's invoice is the purchase's. */
@Path("/api/invoices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Invoices")
public class InvoicesResource {

    @Inject
    CurrentIdentityAssociation identities;

    /** The caller's invoices, newest first; an admin may name another customer ({@code userId}). */
    @GET
    @RolesAllowed({AccessControl.CUSTOMER, AccessControl.ADMIN})
    @SecurityRequirement(name = "bearer")
    @WithSession
    public Uni<List<InvoiceResponse>> mine(@QueryParam("page") String pageParam, @QueryParam("size") String sizeParam,
                                           @QueryParam("userId") String userParam) {
        int page = Requests.intParam(pageParam, "page", 0, 0, 100_000);
        int size = Requests.intParam(sizeParam, "size", 50, 1, 200);
        return identities.getDeferredIdentity().chain(identity -> {
            UUID user = OwnedReads.listedUser(identity, userParam, "invoices");
            return InvoiceView.<InvoiceView>find("userId", Sort.descending("issuedAt").and("number", Sort.Direction.Descending),
                    user).page(page, size).list().map(views -> views.stream().map(InvoiceResponse::from).toList());
        });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({AccessControl.CUSTOMER, AccessControl.ADMIN})
    @SecurityRequirement(name = "bearer")
    @WithSession
    public Uni<Response> get(@PathParam("id") String idParam) {
        return owned(idParam).map(view -> Response.ok(InvoiceResponse.from(view))
                .header(HttpHeaders.ETAG, ETag.of(view.version).headerValue()).build());
    }

    /** The invoice as a PDF (its credit notes included). */
    @GET
    @Path("/{id}/pdf")
    @Produces({"application/pdf", MediaType.APPLICATION_JSON})
    @RolesAllowed({AccessControl.CUSTOMER, AccessControl.ADMIN})
    @SecurityRequirement(name = "bearer")
    public Uni<Response> pdf(@PathParam("id") String idParam) {
        // the session ends on its event loop; the rendering (CPU work) runs on a worker thread after it
        return Panache.withSession(() -> owned(idParam))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(view -> Response.ok(InvoiceDocuments.pdf(view), "application/pdf")
                        .header("Content-Disposition", "attachment; filename=\"invoice-" + view.number + ".pdf\"")
                        .build());
    }

    private Uni<InvoiceView> owned(String idParam) {
        UUID id = Requests.pathId(idParam, InvoiceNotFound::new);
        return OwnedReads.ownerOrAdmin(InvoiceView.<InvoiceView>findById(id), () -> new InvoiceNotFound(id),
                view -> view.userId, identities);
    }
}
