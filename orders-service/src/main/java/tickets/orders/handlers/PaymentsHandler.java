package tickets.orders.handlers;

import tickets.contracts.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.contracts.Money;
import tickets.contracts.payments.PaymentsIntegrationEvent;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentConfirmed;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentFailed;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentInitiated;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentRefunded;
import tickets.eventsourcing.inbox.Inbox;
import tickets.orders.Orders;
import tickets.orders.Purchase.PaymentStatus;
import tickets.orders.PurchaseCommand;
import tickets.orders.PurchaseCommand.NotePayment;

import java.time.Instant;
import java.util.Set;

/** payments.events → the purchase's payment steps; a failure cancels its orders, a late confirmation compensates ended ones (the purchase's rule). */
@ApplicationScoped
public class PaymentsHandler {

    @Inject
    Orders orders;

    /** payments.events, read on the service's one saga channel ({@link SagaEvents}). */
    public Inbox.Route<PaymentsIntegrationEvent> route() {
        return Inbox.Route.of(Topics.PAYMENTS, PaymentsIntegrationEvent.class, Set.of(), (event, context) -> switch (event) {
            case PaymentInitiated initiated -> orders.noteOnPurchase(new NotePayment(initiated.purchaseId(),
                    initiated.userId(), initiated.paymentId(), PaymentStatus.PENDING,
                    Money.of(initiated.amountMinor(), initiated.currency()).toString(), Instant.now()), context);
            case PaymentConfirmed confirmed -> orders.noteOnPurchase(new NotePayment(confirmed.purchaseId(),
                    confirmed.userId(), confirmed.paymentId(), PaymentStatus.CONFIRMED, confirmed.providerReference(),
                    Instant.now()), context); // an order that had ended unsold is then compensated (Purchase's rule)
            case PaymentFailed failed -> orders.noteOnPurchase(new NotePayment(failed.purchaseId(), failed.userId(),
                    failed.paymentId(), PaymentStatus.FAILED, failed.reason(), Instant.now()), context)
                    .chain(() -> orders.paymentFailed(failed.purchaseId(), failed.reason(), context));
            case PaymentsIntegrationEvent.PaymentCapturedAfterFailure late -> orders.noteOnPurchase(
                    new PurchaseCommand.NotePaymentStep(late.purchaseId(), late.userId(), "payment captured after it had failed",
                            Money.of(late.amountMinor(), late.currency()) + ", being refunded in full", Instant.now()), context);
            case PaymentsIntegrationEvent.LateCaptureRefunded refunded -> orders.noteOnPurchase(
                    new PurchaseCommand.NotePaymentStep(refunded.purchaseId(), refunded.userId(), "late capture refunded",
                            Money.of(refunded.amountMinor(), refunded.currency()).toString(), Instant.now()), context);
            case PaymentRefunded refunded -> orders.noteOnPurchase(new NotePayment(refunded.purchaseId(),
                    refunded.userId(), refunded.paymentId(), PaymentStatus.REFUNDED, "order " + refunded.orderId() + ", "
                    + Money.of(refunded.amountMinor(), refunded.currency()), Instant.now()), context);
        });
    }
}
