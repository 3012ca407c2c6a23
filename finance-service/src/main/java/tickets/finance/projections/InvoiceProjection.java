package tickets.finance.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import tickets.eventsourcing.ReadModel;
import tickets.finance.Invoice;

import java.util.List;
import java.util.UUID;

/** Keeps {@link InvoiceView} equal to each invoice, in the append's transaction (or a rebuild's). */
@ApplicationScoped
public class InvoiceProjection implements ReadModel<Invoice> {

    @Override
    public Uni<Void> write(UUID streamId, Invoice invoice, long version) {
        InvoiceView view = new InvoiceView();
        view.id = streamId;
        view.number = invoice.number();
        view.paymentId = invoice.paymentId();
        view.userId = invoice.userId();
        view.status = invoice.status().name();
        view.currency = invoice.currency();
        view.totalMinor = invoice.totalMinor();
        view.paidMinor = invoice.paidMinor();
        view.creditedMinor = invoice.creditedMinor();
        view.issuedAt = invoice.issuedAt();
        view.paidAt = invoice.paidAt();
        view.providerReference = invoice.providerReference();
        view.voidedAt = invoice.voidedAt();
        view.voidReason = invoice.voidReason();
        view.document = new InvoiceView.Document(invoice.lines().stream().map(line -> new InvoiceView.Line(line.concertId(), line.ticketLevel(),
                line.quantity(), line.unitPriceMinor(), line.totalMinor())).toList(), invoice.creditNotes().stream().map(note -> new InvoiceView.CreditNote(note.number(),
                note.orderId(), note.amountMinor(), note.providerRefundReference(), note.issuedAt())).toList());
        view.version = version;
        return Panache.getSession().chain(session -> session.merge(view)).replaceWithVoid();
    }

    @Override
    public List<String> tables() {
        return List.of("invoice_view");
    }
}
