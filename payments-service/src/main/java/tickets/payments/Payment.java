package tickets.payments;

import tickets.contracts.Money;
import tickets.payments.PaymentCommand.ConfirmPayment;
import tickets.payments.PaymentCommand.FailPayment;
import tickets.payments.PaymentCommand.InitiatePayment;
import tickets.payments.PaymentCommand.NoteProviderPayment;
import tickets.payments.PaymentCommand.RecordRefund;
import tickets.payments.PaymentCommand.RequestRefund;
import tickets.payments.PaymentCommand.SendCharge;
import tickets.payments.PaymentEvent.ChargeSent;
import tickets.payments.PaymentEvent.LateCaptureRefunded;
import tickets.payments.PaymentEvent.PaymentCapturedAfterFailure;
import tickets.payments.PaymentEvent.PaymentConfirmed;
import tickets.payments.PaymentEvent.PaymentFailed;
import tickets.payments.PaymentEvent.PaymentInitiated;
import tickets.payments.PaymentEvent.PaymentRefunded;
import tickets.payments.PaymentEvent.ProviderPaymentNoted;
import tickets.payments.PaymentEvent.RefundRequested;
import tickets.payments.PaymentRules.NotYetSettled;
import tickets.payments.PaymentRules.PaymentAlreadyInitiated;
import tickets.payments.PaymentRules.PaymentNotFound;
import tickets.payments.PaymentRules.ProviderAnswerMismatch;
import tickets.payments.PaymentRules.RefundExceedsCapture;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The payment of one purchase. Its status follows the provider's answer: confirmed or failed once;
 * every answer must name the provider's payment we were given and the amount we asked for. A late
 * success after a final failure is not ignored: the money is refunded in full. A compensated order
 * is refunded at most once, and never more than was captured.
 *
 * <p>{@code chargesSent}: how often the charge went out (0: the provider cannot have taken anything);
 * {@code lateCapture}: the refund of a success that came after the failure, if one did.
 */
public record Payment(UUID id, Status status, UUID purchaseId, UUID userId, Money amount, List<PaidLine> lines,
                      String paymentMethod, String idempotencyKey, String requestFingerprint, String providerReference,
                      String failureReason, String settledBy, Map<UUID, Refund> refunds, int chargesSent,
                      Refund lateCapture) {

    public enum Status { NONE, PENDING, CONFIRMED, FAILED }

    /** A refund of one compensated order (or of a late capture): requested, then done at the provider. */
    public record Refund(UUID orderId, Money amount, String providerRefundReference) {

        public boolean done() {
            return providerRefundReference != null;
        }
    }

    public static final Payment INITIAL = new Payment(null, Status.NONE, null, null, null, List.of(), null, null, null,
            null, null, null, Map.of(), 0, null);

    /** What went back to the customer for compensated orders (a late capture's refund is not counted here). */
    public Money refunded() {
        return refunds.values().stream().filter(Refund::done).map(Refund::amount)
                .reduce(Money.zero(amount.currency()), Money::plus);
    }

    /** Nothing is to be charged: a purchase of free tickets (a guest list, a comp) completes without the provider. */
    public boolean free() {
        return amount.amountMinor() == 0;
    }

    public static List<PaymentEvent> decide(PaymentCommand command, Payment state) {
        return switch (command) {
            case InitiatePayment initiate -> {
                if (state.status != Status.NONE) {
                    throw new PaymentAlreadyInitiated(initiate.purchaseId());
                }
                yield List.of(new PaymentInitiated(initiate.paymentId(), initiate.purchaseId(), initiate.userId(),
                        initiate.amount(), List.copyOf(initiate.lines()), initiate.paymentMethod(), initiate.idempotencyKey(),
                        initiate.requestFingerprint()));
            }
            case SendCharge send -> {
                state.requireExists(send.paymentId());
                yield state.status == Status.PENDING ? List.of(new ChargeSent(send.paymentId(), state.chargesSent + 1,
                        send.at())) : List.of();
            }
            case NoteProviderPayment noted -> {
                state.requireExists(noted.paymentId());
                state.requireTheProvidersPayment(noted.providerReference());
                yield state.providerReference == null && state.status == Status.PENDING
                        ? List.of(new ProviderPaymentNoted(noted.paymentId(), noted.providerReference())) : List.of();
            }
            case ConfirmPayment confirm -> {
                state.requireExists(confirm.paymentId());
                state.requireTheProvidersPayment(confirm.providerReference());
                if (!confirm.captured().equals(state.amount)) {
                    throw new ProviderAnswerMismatch(state.id, "the provider captured " + confirm.captured()
                            + ", we asked for " + state.amount);
                }
                yield switch (state.status) {
                    case PENDING -> List.of(new PaymentConfirmed(confirm.paymentId(), state.purchaseId, state.userId,
                            state.amount, confirm.providerReference(), confirm.at(), confirm.settledBy()));
                    // money taken for a payment we had failed: all of it goes back, and the success is reported
                    case FAILED -> state.lateCapture != null ? List.of() : List.of(
                            new PaymentCapturedAfterFailure(confirm.paymentId(), state.purchaseId, state.userId,
                                    state.amount, confirm.providerReference(), confirm.at(), confirm.settledBy()),
                            new RefundRequested(confirm.paymentId(), confirm.paymentId(), state.amount));
                    case CONFIRMED, NONE -> List.of(); // a repeated answer changes nothing
                };
            }
            case FailPayment fail -> {
                state.requireExists(fail.paymentId());
                yield state.status == Status.PENDING ? List.of(new PaymentFailed(fail.paymentId(), state.purchaseId,
                        state.userId, fail.reason(), fail.settledBy())) : List.of();
            }
            case RequestRefund request -> {
                state.requireExists(request.paymentId());
                if (state.status == Status.FAILED || state.refunds.containsKey(request.orderId())) {
                    yield List.of(); // nothing was captured, or this order's refund is already on its way
                }
                if (state.status == Status.PENDING) {
                    throw new NotYetSettled(request.paymentId());
                }
                Money requested = state.refunds.values().stream().map(Refund::amount)
                        .reduce(Money.zero(state.amount.currency()), Money::plus);
                if (requested.plus(request.amount()).amountMinor() > state.amount.amountMinor()) {
                    throw new RefundExceedsCapture(request.paymentId());
                }
                yield List.of(new RefundRequested(request.paymentId(), request.orderId(), request.amount()));
            }
            case RecordRefund record -> {
                state.requireExists(record.paymentId());
                if (record.orderId().equals(state.id)) {
                    yield state.lateCapture == null || state.lateCapture.done() ? List.of()
                            : List.of(new LateCaptureRefunded(record.paymentId(), state.purchaseId, state.userId,
                                    state.lateCapture.amount(), record.providerRefundReference(), record.at()));
                }
                Refund refund = state.refunds.get(record.orderId());
                yield refund == null || refund.done() ? List.of()
                        : List.of(new PaymentRefunded(record.paymentId(), state.purchaseId, state.userId, record.orderId(),
                                refund.amount(), record.providerRefundReference(), record.at()));
            }
        };
    }

    public static Payment evolve(Payment state, PaymentEvent event) {
        return switch (event) {
            case PaymentInitiated e -> new Payment(e.paymentId(), Status.PENDING, e.purchaseId(), e.userId(), e.amount(),
                    e.lines(), e.paymentMethod(), e.idempotencyKey(), e.requestFingerprint(), null, null, null, Map.of(),
                    0, null);
            case ChargeSent e -> state.with(state.status, state.providerReference, state.failureReason, state.settledBy,
                    state.refunds, e.attempt(), state.lateCapture);
            case ProviderPaymentNoted e -> state.with(state.status, e.providerReference(), state.failureReason,
                    state.settledBy, state.refunds, state.chargesSent, state.lateCapture);
            case PaymentConfirmed e -> state.with(Status.CONFIRMED, e.providerReference(), null, e.settledBy(),
                    state.refunds, state.chargesSent, state.lateCapture);
            case PaymentFailed e -> state.with(Status.FAILED, state.providerReference, e.reason(), e.settledBy(),
                    state.refunds, state.chargesSent, state.lateCapture);
            case PaymentCapturedAfterFailure e -> state.with(state.status, e.providerReference(), state.failureReason,
                    state.settledBy, state.refunds, state.chargesSent, new Refund(null, e.amount(), null));
            case RefundRequested e -> e.orderId().equals(state.id) ? state
                    : state.withRefund(new Refund(e.orderId(), e.amount(), null));
            case PaymentRefunded e -> state.withRefund(new Refund(e.orderId(), e.amount(), e.providerRefundReference()));
            case LateCaptureRefunded e -> state.with(state.status, state.providerReference, state.failureReason,
                    state.settledBy, state.refunds, state.chargesSent, new Refund(null, e.amount(), e.providerRefundReference()));
        };
    }

    private Payment with(Status newStatus, String reference, String failure, String by, Map<UUID, Refund> newRefunds,
                         int sent, Refund late) {
        return new Payment(id, newStatus, purchaseId, userId, amount, lines, paymentMethod, idempotencyKey,
                requestFingerprint, reference, failure, by, newRefunds, sent, late);
    }

    private Payment withRefund(Refund refund) {
        Map<UUID, Refund> next = new LinkedHashMap<>(refunds);
        next.put(refund.orderId(), refund);
        return with(status, providerReference, failureReason, settledBy, Map.copyOf(next), chargesSent, lateCapture);
    }

    /** An answer about another of the provider's payments than the one it gave us for this payment is not ours. */
    private void requireTheProvidersPayment(String reference) {
        if (providerReference != null && !providerReference.equals(reference)) {
            throw new ProviderAnswerMismatch(id, "it names the provider's payment " + reference + ", ours is "
                    + providerReference);
        }
    }

    private void requireExists(UUID paymentId) {
        if (status == Status.NONE) {
            throw new PaymentNotFound(paymentId);
        }
    }
}
