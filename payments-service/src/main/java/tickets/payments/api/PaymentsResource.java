package tickets.payments.api;

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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import tickets.eventsourcing.ValidationException;
import tickets.eventsourcing.http.ETag;
import tickets.eventsourcing.http.OwnedReads;
import tickets.eventsourcing.http.Requests;
import tickets.eventsourcing.security.AccessControl;
import tickets.payments.Payment;
import tickets.payments.PaymentRules.PaymentNotFound;
import tickets.payments.Payments;
import tickets.payments.projections.PaymentView;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Paying for one's purchase, and one's payments. The amount is the purchase's, never the client's. */
@Path("/api/payments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Payments")
public class PaymentsResource {

    /** A provider payment-method token (e.g. {@code pm_card_visa}): card details never come here. */
    private static final Pattern PAYMENT_METHOD = Pattern.compile("pm_[A-Za-z0-9_]{1,96}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_-]{8,100}");

    /**
     * Request body: which purchase, with which payment method, and nothing else: any other field
     * (an amount, card details) is refused rather than silently ignored.
     */
    public static final class PaymentRequest {
        public UUID purchaseId;
        public String paymentMethod;

        @com.fasterxml.jackson.annotation.JsonAnySetter
        void refuse(String field, Object value) {
            throw ValidationException.field(field, "is not part of a payment request (only purchaseId and "
                    + "paymentMethod; the amount comes from the purchase, card details never come here)");
        }
    }

    /** A payment as clients see it. */
    public record PaymentResponse(UUID id, UUID purchaseId, UUID userId, String status, long amountMinor, String currency,
                                  String providerReference, String failureReason, String settledBy, long refundedMinor,
                                  long version) {
        static PaymentResponse from(PaymentView v) {
            return new PaymentResponse(v.id, v.purchaseId, v.userId, v.status, v.amountMinor, v.currency,
                    v.providerReference, v.failureReason, v.settledBy, v.refundedMinor, v.version);
        }

        static PaymentResponse from(Payment p, long version) {
            return new PaymentResponse(p.id(), p.purchaseId(), p.userId(), p.status().name(), p.amount().amountMinor(),
                    p.amount().currency(), p.providerReference(), p.failureReason(), p.settledBy(), p.refunded().amountMinor(),
                    version);
        }
    }

    @Inject
    Payments payments;
    @Inject
    CurrentIdentityAssociation identities;

    /**
     * Pays for one of the caller's purchases. 201 with the payment (CONFIRMED, FAILED, or PENDING
     * while the provider has not answered); the same request with the same {@code Idempotency-Key}
     * answers the same payment; 409 while the purchase is not ready, or when it is paid or ended.
     */
    @POST
    @RolesAllowed(AccessControl.CUSTOMER)
    @SecurityRequirement(name = "bearer")
    public Uni<Response> pay(PaymentRequest body, @HeaderParam("Idempotency-Key") String idempotencyKey,
                             @HeaderParam(Requests.CORRELATION_HEADER) String correlation, @Context UriInfo uri) {
        Requests.requireBody(body);
        ValidationException.required(body.purchaseId, "purchaseId");
        ValidationException.required(body.paymentMethod, "paymentMethod");
        ValidationException.require(PAYMENT_METHOD.matcher(body.paymentMethod).matches(), "paymentMethod",
                "must be a payment-method token of the provider (pm_...), never card details");
        ValidationException.require(idempotencyKey != null && IDEMPOTENCY_KEY.matcher(idempotencyKey).matches(),
                "Idempotency-Key", "this header is required: 8 to 100 letters, digits, '-' or '_', one per payment attempt");
        return identities.getDeferredIdentity().chain(identity -> payments.pay(body.purchaseId,
                        AccessControl.userUuid(identity), body.paymentMethod, idempotencyKey,
                        Requests.commandContext(identity, correlation)))
                .map(payment -> Response.created(uri.getBaseUriBuilder().path("api/payments")
                                .path(payment.streamId().toString()).build())
                        .header(HttpHeaders.ETAG, ETag.of(payment.version()).headerValue())
                        .entity(PaymentResponse.from(payment.state(), payment.version())).build());
    }

    @GET
    @RolesAllowed({AccessControl.CUSTOMER, AccessControl.ADMIN})
    @SecurityRequirement(name = "bearer")
    @WithSession
    public Uni<List<PaymentResponse>> mine(@QueryParam("page") String pageParam, @QueryParam("size") String sizeParam) {
        int page = Requests.intParam(pageParam, "page", 0, 0, 100_000);
        int size = Requests.intParam(sizeParam, "size", 20, 1, 100);
        return identities.getDeferredIdentity().chain(identity -> PaymentView.<PaymentView>find("userId",
                        Sort.by("id"), AccessControl.userUuid(identity)).page(page, size).list())
                .map(views -> views.stream().map(PaymentResponse::from).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({AccessControl.CUSTOMER, AccessControl.ADMIN})
    @SecurityRequirement(name = "bearer")
    @WithSession
    public Uni<Response> get(@PathParam("id") String idParam) {
        UUID id = Requests.pathId(idParam, PaymentNotFound::new);
        return OwnedReads.ownerOrAdmin(PaymentView.<PaymentView>findById(id), () -> new PaymentNotFound(id),
                        view -> view.userId, identities)
                .map(view -> Response.ok(PaymentResponse.from(view)).header(HttpHeaders.ETAG, ETag.of(view.version).headerValue())
                        .build());
    }
}
