package tickets.orders.handlers;

import tickets.contracts.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.contracts.finance.FinanceIntegrationEvent;
import tickets.contracts.finance.FinanceIntegrationEvent.InvoiceCreated;
import tickets.contracts.finance.FinanceIntegrationEvent.InvoiceUpdated;
import tickets.contracts.finance.FinanceIntegrationEvent.UserFinancialInfoCreated;
import tickets.contracts.finance.FinanceIntegrationEvent.UserFinancialInfoUpdated;
import tickets.eventsourcing.inbox.Inbox;
import tickets.orders.Orders;
import tickets.orders.PurchaseCommand.NoteInvoice;

import java.util.Set;

/** finance.events → the invoice's steps on the purchase's timeline (its id is the purchase's). */
@ApplicationScoped
public class FinanceHandler {

    /** What this consumer does nothing with: acknowledged without a transaction (Inbox.handleEach). */
    private static final java.util.Set<Class<? extends FinanceIntegrationEvent>> IGNORED =
            java.util.Set.of(UserFinancialInfoCreated.class, UserFinancialInfoUpdated.class);

    @Inject
    Orders orders;

    /** finance.events, read on the service's one saga channel ({@link SagaEvents}). */
    public Inbox.Route<FinanceIntegrationEvent> route() {
        return Inbox.Route.of(Topics.FINANCE, FinanceIntegrationEvent.class, IGNORED, (event, context) -> switch (event) {
            case InvoiceCreated created -> orders.noteOnPurchase(new NoteInvoice(created.purchaseId(), created.userId(),
                    "invoice issued", created.number() + ", " + created.totalMinor() + " " + created.currency()
                    + " (minor units)", created.issuedAt()), context);
            case InvoiceUpdated updated -> orders.noteOnPurchase(new NoteInvoice(updated.purchaseId(), updated.userId(),
                    switch (updated.change()) {
                        case PAID -> "invoice paid";
                        case VOIDED -> "invoice void";
                        case CREDITED -> "credit note issued";
                    }, updated.change() == FinanceIntegrationEvent.InvoiceChange.CREDITED
                            ? updated.creditNoteNumber() + " on " + updated.number() + ", " + updated.amountMinor() + " "
                            + updated.currency() + " (minor units)"
                            : updated.number(), updated.at()), context);
            case UserFinancialInfoCreated ignored -> Uni.createFrom().voidItem(); // IGNORED
            case UserFinancialInfoUpdated ignored -> Uni.createFrom().voidItem(); // IGNORED
        });
    }
}
