package tickets.finance.api;

import io.quarkus.hibernate.reactive.panache.Panache;
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
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import tickets.eventsourcing.ValidationException;
import tickets.eventsourcing.http.Requests;
import tickets.eventsourcing.security.AccessControl;
import tickets.finance.FinanceRules.FinancialInfoNotFound;
import tickets.finance.UserFinancialInfo;
import tickets.finance.projections.FinancialInfoView;
import tickets.finance.projections.InvoiceView;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** A customer's financial record (their own; an admin's for anyone) and the admin's invoices of a period with totals. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Finance")
public class FinanceResource {

    /** A customer's financial record: totals per currency. */
    public record FinancialInfoResponse(UUID userId, boolean registered, List<UserFinancialInfo.Totals> currencies,
                                        long version) {
        static FinancialInfoResponse from(FinancialInfoView v) {
            return new FinancialInfoResponse(v.userId, v.registered, v.totals.currencies(), v.version);
        }
    }

    /** The invoices issued in a period (UTC days, both included) and their totals per currency. */
    public record PeriodResponse(LocalDate from, LocalDate to, long count, List<PeriodTotals> totals,
                                 List<InvoiceResponse> invoices) {
    }

    /** {@code invoicedMinor}: the invoices not void; {@code paidMinor}: paid; {@code creditedMinor}: credit notes. */
    public record PeriodTotals(String currency, long count, long voidCount, long invoicedMinor, long paidMinor,
                               long creditedMinor) {
    }

    @Inject
    CurrentIdentityAssociation identities;

    @GET
    @Path("/finance/me")
    @RolesAllowed({AccessControl.CUSTOMER, AccessControl.ADMIN})
    @SecurityRequirement(name = "bearer")
    @WithSession
    public Uni<FinancialInfoResponse> mine() {
        return identities.getDeferredIdentity().chain(identity -> record(AccessControl.userUuid(identity)));
    }

    @GET
    @Path("/admin/finance/users/{userId}")
    @RolesAllowed(AccessControl.ADMIN)
    @SecurityRequirement(name = "bearer")
    @WithSession
    public Uni<FinancialInfoResponse> ofUser(@PathParam("userId") String userParam) {
        return record(Requests.pathId(userParam, FinancialInfoNotFound::new));
    }

    private static Uni<FinancialInfoResponse> record(UUID userId) {
        return FinancialInfoView.<FinancialInfoView>findById(userId).map(view -> {
            if (view == null) {
                throw new FinancialInfoNotFound(userId);
            }
            return FinancialInfoResponse.from(view);
        });
    }

    @GET
    @Path("/admin/finance/invoices")
    @RolesAllowed(AccessControl.ADMIN)
    @SecurityRequirement(name = "bearer")
    @WithSession
    public Uni<PeriodResponse> period(@QueryParam("from") String fromParam, @QueryParam("to") String toParam,
                                      @QueryParam("page") String pageParam, @QueryParam("size") String sizeParam) {
        LocalDate from = day(fromParam, "from");
        LocalDate to = day(toParam, "to");
        ValidationException.require(!to.isBefore(from), "to", "must not be before from");
        ValidationException.require(ChronoUnit.DAYS.between(from, to) <= 366, "to", "a period is at most a year");
        int page = Requests.intParam(pageParam, "page", 0, 0, 100_000);
        int size = Requests.intParam(sizeParam, "size", 100, 1, 500);
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                select currency, count(*), count(*) filter (where status = 'VOID'),
                                       coalesce(sum(total_minor) filter (where status <> 'VOID'), 0),
                                       coalesce(sum(paid_minor), 0), coalesce(sum(credited_minor), 0)
                                from invoice_view where issued_at >= :start and issued_at < :end
                                group by currency order by currency""", Object[].class)
                        .setParameter("start", start).setParameter("end", end).getResultList())
                .map(rows -> rows.stream().map(row -> new PeriodTotals((String) row[0], ((Number) row[1]).longValue(),
                        ((Number) row[2]).longValue(), ((Number) row[3]).longValue(), ((Number) row[4]).longValue(),
                        ((Number) row[5]).longValue())).toList())
                .chain(totals -> InvoiceView.<InvoiceView>find("issuedAt >= ?1 and issuedAt < ?2",
                                Sort.by("issuedAt").and("number"), start, end).page(page, size).list()
                        .map(views -> new PeriodResponse(from, to, totals.stream().mapToLong(PeriodTotals::count).sum(),
                                totals, views.stream().map(InvoiceResponse::from).toList())));
    }

    private static LocalDate day(String value, String name) {
        ValidationException.required(value, name);
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ValidationException.field(name, "must be a day such as 2026-01-31");
        }
    }
}
