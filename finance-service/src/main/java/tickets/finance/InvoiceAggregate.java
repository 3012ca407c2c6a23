package tickets.finance;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import tickets.contracts.finance.FinanceIntegrationEvent;
import tickets.contracts.finance.FinanceIntegrationEvent.InvoiceChange;
import tickets.eventsourcing.Appended;
import tickets.eventsourcing.EventSourcedAggregate;
import tickets.eventsourcing.OutgoingMessage;
import tickets.eventsourcing.RecordedEvent;
import tickets.finance.projections.InvoiceProjection;

import java.util.List;
import java.util.UUID;

/** The Invoice aggregate as the command handler sees it. */
@Singleton // stateless; constructor-injected, so no client proxy
public class InvoiceAggregate extends EventSourcedAggregate<Invoice, InvoiceCommand, InvoiceEvent> {

    private final DocumentNumbers numbers;

    @Inject
    public InvoiceAggregate(InvoiceProjection readModel, DocumentNumbers numbers) {
        super("Invoice", InvoiceEvent.class, Invoice.INITIAL, Invoice::evolve, Invoice::decide, readModel);
        this.numbers = numbers;
    }

    /** The one place where the invoice's domain events become integration events. */
    @Override
    public List<OutgoingMessage> publish(UUID invoiceId, InvoiceEvent event) {
        FinanceIntegrationEvent contract = switch (event) {
            case InvoiceEvent.InvoiceCreated e -> new FinanceIntegrationEvent.InvoiceCreated(invoiceId, invoiceId,
                    e.paymentId(), e.userId(), e.number(), e.totalMinor(), e.currency(), e.issuedAt());
            case InvoiceEvent.InvoicePaid e -> new FinanceIntegrationEvent.InvoiceUpdated(invoiceId, invoiceId, e.userId(),
                    e.invoiceNumber(), InvoiceChange.PAID, e.amountMinor(), e.currency(), null, e.paidAt());
            case InvoiceEvent.InvoiceVoided e -> new FinanceIntegrationEvent.InvoiceUpdated(invoiceId, invoiceId,
                    e.userId(), e.invoiceNumber(), InvoiceChange.VOIDED, 0, e.currency(), null, e.at());
            case InvoiceEvent.CreditNoteIssued e -> new FinanceIntegrationEvent.InvoiceUpdated(invoiceId, invoiceId,
                    e.userId(), e.invoiceNumber(), InvoiceChange.CREDITED, e.amountMinor(), e.currency(), e.number(),
                    e.at());
        };
        return List.of(OutgoingMessage.of(contract, FinanceIntegrationEvent.SCHEMA_VERSION));
    }

    /** Each number an event issues is taken from its series in the same transaction. */
    @Override
    public Uni<Void> react(Appended<Invoice, InvoiceEvent> appended) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (RecordedEvent<InvoiceEvent> recorded : appended.events()) {
            switch (recorded.event()) {
                case InvoiceEvent.InvoiceCreated e -> chain = chain.chain(() ->
                        numbers.take(e.number(), appended.streamId(), e.issuedAt()));
                case InvoiceEvent.CreditNoteIssued e -> chain = chain.chain(() ->
                        numbers.take(e.number(), appended.streamId(), e.at()));
                case InvoiceEvent.InvoicePaid e -> {
                }
                case InvoiceEvent.InvoiceVoided e -> {
                }
            }
        }
        return chain;
    }
}
