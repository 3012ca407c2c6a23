package tickets.finance.api;

import tickets.finance.projections.InvoiceView;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An invoice as clients see it; its id is the purchase's. */
public record InvoiceResponse(UUID id, String number, UUID purchaseId, UUID paymentId, UUID userId, String status,
                              String currency, long totalMinor, long paidMinor, long creditedMinor, Instant issuedAt,
                              Instant paidAt, String providerReference, Instant voidedAt, String voidReason,
                              List<InvoiceView.Line> lines, List<InvoiceView.CreditNote> creditNotes, long version) {

    static InvoiceResponse from(InvoiceView v) {
        return new InvoiceResponse(v.id, v.number, v.id, v.paymentId, v.userId, v.status, v.currency, v.totalMinor,
                v.paidMinor, v.creditedMinor, v.issuedAt, v.paidAt, v.providerReference, v.voidedAt, v.voidReason,
                v.document.lines(), v.document.creditNotes(), v.version);
    }
}
