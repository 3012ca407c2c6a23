package tickets.payments;

import tickets.contracts.Money;
import tickets.payments.PaymentCommand.ConfirmPayment;
import tickets.payments.PaymentCommand.FailPayment;
import tickets.payments.PaymentCommand.InitiatePayment;
import tickets.payments.PaymentCommand.RecordRefund;
import tickets.payments.PaymentCommand.RequestRefund;
import tickets.payments.PaymentEvent.PaymentConfirmed;
import tickets.payments.PaymentEvent.PaymentFailed;
import tickets.payments.PaymentEvent.PaymentInitiated;
import tickets.payments.PaymentEvent.PaymentRefunded;
import tickets.payments.PaymentEvent.RefundRequested;
import tickets.payments.PaymentRules.NotYetSettled;
import tickets.payments.PaymentRules.PaymentAlreadyInitiated;
import tickets.payments.PaymentRules.PaymentNotFound;
import tickets.payments.PaymentRules.RefundExceedsCapture;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The payment of one purchase. Its status follows the provider's answer: confirmed or failed once,
 * and a late answer after a final status changes nothing. A compensated order is refunded at most
 * once, and never more than was captured.
 */
public record Payment(UUID id, Status status, UUID purchaseId, UUID userId, Money amount, List<PaidLine> lines,
                      String paymentMethod, String idempotencyKey, String requestFingerprint, String providerReference,
                      String failureReason, String settledBy, Map<UUID, Refund> refunds) {

    public enum Status { NONE, PENDING, CONFIRMED, FAILED }

    /** A refund of one compensated order: requested, then done at the provider. */
    public record Refund(UUID orderId, Money amount, String providerRefundReference) {

        public boolean done() {
            return providerRefundReference != null;
        }
    }

    public static final Payment INITIAL = new Payment(null, Status.NONE, null, null, null, List.of(), null, null, null,
            null, null, null, Map.of());

    public Money refunded() {
        return refunds.values().stream().filter(Refund::done).map(Refund::amount)
                .reduce(Money.zero(amount.currency()), Money::plus);
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
            case ConfirmPayment confirm -> {
                state.requireExists(confirm.paymentId());
                yield state.status == Status.PENDING ? List.of(new PaymentConfirmed(confirm.paymentId(), state.purchaseId,
                        state.userId, state.amount, confirm.providerReference(), confirm.at(), confirm.settledBy()))
                        : List.of(); // a late answer after a final status changes nothing
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
                    e.lines(), e.paymentMethod(), e.idempotencyKey(), e.requestFingerprint(), null, null, null, Map.of());
            case PaymentConfirmed e -> state.settled(Status.CONFIRMED, e.providerReference(), null, e.settledBy());
            case PaymentFailed e -> state.settled(Status.FAILED, null, e.reason(), e.settledBy());
            case RefundRequested e -> state.withRefund(new Refund(e.orderId(), e.amount(), null));
            case PaymentRefunded e -> state.withRefund(new Refund(e.orderId(), e.amount(), e.providerRefundReference()));
        };
    }

    private Payment settled(Status newStatus, String reference, String failure, String by) {
        return new Payment(id, newStatus, purchaseId, userId, amount, lines, paymentMethod, idempotencyKey,
                requestFingerprint, reference, failure, by, refunds);
    }

    private Payment withRefund(Refund refund) {
        Map<UUID, Refund> next = new LinkedHashMap<>(refunds);
        next.put(refund.orderId(), refund);
        return new Payment(id, status, purchaseId, userId, amount, lines, paymentMethod, idempotencyKey,
                requestFingerprint, providerReference, failureReason, settledBy, Map.copyOf(next));
    }

    private void requireExists(UUID paymentId) {
        if (status == Status.NONE) {
            throw new PaymentNotFound(paymentId);
        }
    }
}
