package tickets.finance.handlers;

import tickets.contracts.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.contracts.payments.PaymentsIntegrationEvent;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentConfirmed;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentFailed;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentInitiated;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentRefunded;
import tickets.eventsourcing.DomainRuleViolation;
import tickets.eventsourcing.inbox.Inbox;
import tickets.eventsourcing.inbox.PoisonMessage;
import tickets.finance.Finance;
import tickets.finance.audit.PurchaseAudit;
import tickets.finance.audit.PurchaseFacts;
import tickets.finance.audit.PurchaseFacts.PaymentFacts;
import tickets.contracts.payments.PaymentsIntegrationEvent.LateCaptureRefunded;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentCapturedAfterFailure;

import java.util.Set;

/**
 * payments.events → PaymentInitiated: the invoice; PaymentConfirmed: paid; PaymentFailed: void;
 * PaymentRefunded: a credit note; each also counted on the customer's financial record and noted for the
 * purchase's audit. An event
 * the invoice refuses (it would not match, or credit more than was paid) is set aside with its
 * reason, never applied and never retried forever.
 */
@ApplicationScoped
public class PaymentsHandler {

    @Inject
    Finance finance;
    @Inject
    PurchaseAudit audit;

    /** payments.events, read on the service's one saga channel ({@link SagaEvents}). */
    public Inbox.Route<PaymentsIntegrationEvent> route() {
        return Inbox.Route.of(Topics.PAYMENTS, PaymentsIntegrationEvent.class, Set.of(), (event, context) -> (switch (event) {
            case PaymentInitiated initiated -> finance.paymentInitiated(initiated, context);
            case PaymentConfirmed confirmed -> finance.paymentConfirmed(confirmed, context);
            case PaymentFailed failed -> finance.paymentFailed(failed, context);
            case PaymentRefunded refunded -> finance.paymentRefunded(refunded, context);
            // nothing was invoiced as paid for a payment that had failed: its late capture and refund net to nothing
            case PaymentCapturedAfterFailure late -> Uni.createFrom().voidItem();
            case LateCaptureRefunded refunded -> Uni.createFrom().voidItem();
        }).onFailure(DomainRuleViolation.class).transform(refused -> new PoisonMessage(refused.getMessage()))
                .chain(() -> audit.record(event.purchaseId(), facts -> paymentFacts(facts, event), context)));
    }

    /** What the audit learns of the payment from each of its events. */
    static PurchaseFacts paymentFacts(PurchaseFacts facts, PaymentsIntegrationEvent event) {
        return switch (event) {
            case PaymentInitiated e -> facts.withUser(e.userId()).withPayment(e.paymentId(), e.currency(),
                    payment -> payment.initiated(e.amountMinor(), e.currency()));
            case PaymentConfirmed e -> facts.withPayment(e.paymentId(), e.currency(),
                    payment -> payment.confirmed(e.amountMinor(), e.currency()));
            case PaymentFailed e -> facts.withPayment(e.paymentId(), null, PaymentFacts::failed);
            case PaymentRefunded e -> facts.withPayment(e.paymentId(), e.currency(), payment -> payment.refunded(e.amountMinor()));
            case PaymentCapturedAfterFailure e -> facts.withPayment(e.paymentId(), e.currency(),
                    payment -> payment.capturedLate(e.amountMinor()));
            case LateCaptureRefunded e -> facts.withPayment(e.paymentId(), e.currency(),
                    payment -> payment.lateCaptureRefunded(e.amountMinor()));
        };
    }
}
