package tickets.finance.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import tickets.eventsourcing.http.Requests;
import tickets.eventsourcing.security.AccessControl;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The audit of the books (admins): every purchase whose books did not balance when last checked, and what differs. */
@Path("/api/admin/finance/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Finance")
public class AuditResource {

    /** {@code purchasesChecked}: purchases with facts collected; {@code discrepancies}: this page of the unbalanced ones. */
    public record AuditResponse(long purchasesChecked, long discrepancyCount, List<Discrepancy> discrepancies) {
    }

    /** One purchase whose books do not balance: since when, and each thing that differs, in words. */
    public record Discrepancy(UUID purchaseId, Instant foundAt, List<String> problems) {
    }

    @Inject
    ObjectMapper json;

    @GET
    @RolesAllowed(AccessControl.ADMIN)
    @SecurityRequirement(name = "bearer")
    @WithSession
    public Uni<AuditResponse> discrepancies(@QueryParam("page") String pageParam, @QueryParam("size") String sizeParam) {
        int page = Requests.intParam(pageParam, "page", 0, 0, 100_000);
        int size = Requests.intParam(sizeParam, "size", 100, 1, 500);
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select (select count(*) from audit_purchase), (select count(*) from audit_discrepancy)""",
                        Object[].class).getSingleResult()
                .chain(counts -> session.createNativeQuery("""
                                select purchase_id, found_at, cast(problems as text) from audit_discrepancy
                                order by found_at, purchase_id limit :size offset :offset""", Object[].class)
                        .setParameter("size", size).setParameter("offset", page * size).getResultList()
                        .map(rows -> new AuditResponse(((Number) counts[0]).longValue(), ((Number) counts[1]).longValue(),
                                rows.stream().map(row -> new Discrepancy((UUID) row[0], instant(row[1]),
                                        problems((String) row[2]))).toList()))));
    }

    /** One purchase's audit: when its last fact came, when it was last checked, and whether its books balance. */
    public record PurchaseAuditResponse(UUID purchaseId, Instant lastFactAt, Instant checkedAt, boolean balanced,
                                        List<String> problems) {
    }

    @GET
    @Path("/{purchaseId}")
    @RolesAllowed(AccessControl.ADMIN)
    @SecurityRequirement(name = "bearer")
    @WithSession
    public Uni<PurchaseAuditResponse> ofPurchase(@jakarta.ws.rs.PathParam("purchaseId") String purchaseParam) {
        UUID purchaseId = Requests.pathId(purchaseParam, raw -> new tickets.eventsourcing.ResourceNotFound("audited purchase", raw));
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select a.last_fact_at, a.checked_at, cast(d.problems as text)
                        from audit_purchase a left join audit_discrepancy d on d.purchase_id = a.purchase_id
                        where a.purchase_id = :id""", Object[].class).setParameter("id", purchaseId).getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw new tickets.eventsourcing.ResourceNotFound("audited purchase", purchaseId);
                    }
                    Object[] row = rows.get(0);
                    List<String> problems = row[2] == null ? List.of() : problems((String) row[2]);
                    return new PurchaseAuditResponse(purchaseId, instant(row[0]), row[1] == null ? null : instant(row[1]),
                            problems.isEmpty(), problems);
                });
    }

    private List<String> problems(String value) {
        try {
            return json.readValue(value, new TypeReference<List<String>>() { });
        } catch (Exception e) {
            return List.of(value);
        }
    }

    private static Instant instant(Object value) {
        return value instanceof OffsetDateTime offset ? offset.toInstant() : value instanceof Instant i ? i
                : ((java.time.LocalDateTime) value).toInstant(java.time.ZoneOffset.UTC);
    }
}
