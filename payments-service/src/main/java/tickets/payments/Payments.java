package tickets.payments;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.eventsourcing.AccessDenied;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.CommandResult;
import tickets.eventsourcing.ConcurrencyConflict;
import tickets.eventsourcing.DomainRuleViolation;
import tickets.eventsourcing.ExpectedVersion;
import tickets.eventsourcing.UnprocessableRequest;
import tickets.eventsourcing.timers.DueWork;
import tickets.payments.PaymentCommand.InitiatePayment;
import tickets.payments.PaymentCommand.RequestRefund;
import tickets.payments.projections.PayablePurchases;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Paying for a purchase: one payment per purchase (its id derives from the purchase's), its amount
 * the sum of the purchase's orders; the same request with the same Idempotency-Key answers the same
 * payment, a second request for a purchase being paid is refused. The provider is called after the
 * payment's start commits, as due work with no transaction open, and at once so the client usually gets the
 * answer; a purchase with nothing to pay is confirmed without the provider.
 */
@ApplicationScoped
public class Payments {

    @Inject
    CommandHandler commands;
    @Inject
    PaymentAggregate payments;
    @Inject
    PayablePurchases purchases;
    @Inject
    DueWork dueWork;
    @Inject
    tickets.eventsourcing.DecisionLocks locks;

    public static UUID paymentIdOf(UUID purchaseId) {
        return UUID.nameUUIDFromBytes(("payment:" + purchaseId).getBytes(StandardCharsets.UTF_8));
    }

    /** The purchase is not ready to be paid, or no longer can be (HTTP 409). */
    public static final class NotPayable extends DomainRuleViolation {
        public NotPayable(String why) {
            super(why);
        }
    }

    /** The same Idempotency-Key came with another request (HTTP 422). */
    public static final class KeyReused extends UnprocessableRequest {
        public KeyReused() {
            super("this Idempotency-Key was used for another request; use a new key for a new request");
        }
    }

    public static final class NotYourPurchase extends AccessDenied {
        public NotYourPurchase(UUID purchaseId) {
            super("purchase " + purchaseId + " belongs to another customer");
        }
    }

    /** Starts (or, for a repeated request, finds) the purchase's payment; then tries the provider at once. */
    public Uni<CommandResult<Payment, PaymentEvent>> pay(UUID purchaseId, UUID userId, String paymentMethod, String idempotencyKey,
                            CommandContext context) {
        UUID paymentId = paymentIdOf(purchaseId);
        String fingerprint = purchaseId + "|" + paymentMethod;
        // the purchase's lock first: what payments knows of it (ended, blocked) cannot change while this decides
        return Panache.withTransaction(() -> locks.lock(java.util.List.of(purchaseId.toString()))
                .chain(() -> commands.read(payments, paymentId)).chain(existing -> {
                    if (existing.version() > 0) {
                        return Uni.createFrom().item(repeated(existing.state(), userId, idempotencyKey, fingerprint));
                    }
                    return purchases.find(purchaseId).chain(purchase -> {
                        requirePayable(purchase, purchaseId, userId);
                        return commands.handle(payments, paymentId, ExpectedVersion.NO_STREAM, new InitiatePayment(paymentId,
                                        purchaseId, userId, purchase.amount(), purchase.lines(), paymentMethod, idempotencyKey,
                                        fingerprint), context.correlatedWith(purchaseId))
                                .map(CommandResult::state);
                    });
                }))
                // two requests raced: the loser answers like a repeat of the winner
                .onFailure(ConcurrencyConflict.class).recoverWithUni(() -> commands.read(payments, paymentId)
                        .map(winner -> repeated(winner.state(), userId, idempotencyKey, fingerprint)))
                .chain(payment -> dueWork.runEarly(ProviderWork.CHARGE, paymentId)
                        .chain(() -> commands.read(payments, paymentId)));
    }

    /** A compensated order of the purchase: its amount is refunded (once). */
    public Uni<Void> refund(UUID purchaseId, UUID orderId, tickets.contracts.Money amount, CommandContext context) {
        UUID paymentId = paymentIdOf(purchaseId);
        return commands.read(payments, paymentId).chain(payment -> payment.version() == 0 ? Uni.createFrom().voidItem()
                : commands.handle(payments, paymentId, ExpectedVersion.ANY, new RequestRefund(paymentId, orderId, amount),
                        context).replaceWithVoid());
    }

    /** The purchase already has its payment: the same request (same key, same customer) is answered with it. */
    private static Payment repeated(Payment payment, UUID userId, String idempotencyKey, String fingerprint) {
        if (!payment.userId().equals(userId)) {
            throw new NotYourPurchase(payment.purchaseId());
        }
        if (!idempotencyKey.equals(payment.idempotencyKey())) {
            throw new NotPayable("purchase " + payment.purchaseId() + " is already being paid or was paid");
        }
        if (!fingerprint.equals(payment.requestFingerprint())) {
            throw new KeyReused();
        }
        return payment;
    }

    private static void requirePayable(PayablePurchases.Purchase purchase, UUID purchaseId, UUID userId) {
        if (purchase == null) {
            throw new NotPayable("purchase " + purchaseId + " is not ready to be paid yet (no order yet); try again shortly");
        }
        if (!purchase.userId().equals(userId)) {
            throw new NotYourPurchase(purchaseId);
        }
        if (purchase.ended() || purchase.blocked()) {
            throw new NotPayable("purchase " + purchaseId + " has ended or can no longer complete, so it cannot be paid");
        }
        if (!purchase.complete()) {
            throw new NotPayable("purchase " + purchaseId + " is not ready to be paid yet (orders still coming); try again");
        }
    }
}
