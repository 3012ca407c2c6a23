package tickets.finance;

import tickets.finance.InvoiceCommand.Line;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The invoice's own events: issued once, then only new facts (paid, voided, credited), never an edit. */
public sealed interface InvoiceEvent {

    record InvoiceCreated(UUID invoiceId, UUID paymentId, UUID userId, String number, String currency, List<Line> lines,
                          long totalMinor, Instant issuedAt) implements InvoiceEvent {
        public InvoiceCreated {
            lines = List.copyOf(lines);
        }
    }

    // each later event names the invoice's owner, number and currency, so it is published as it stands

    record InvoicePaid(UUID paymentId, UUID userId, String invoiceNumber, long amountMinor, String currency,
                       String providerReference, Instant paidAt) implements InvoiceEvent {
    }

    record InvoiceVoided(UUID paymentId, UUID userId, String invoiceNumber, String currency, String reason, Instant at)
            implements InvoiceEvent {
    }

    /** {@code number}: the credit note's own; {@code orderId}: the compensated order the refund was for (one note each). */
    record CreditNoteIssued(UUID userId, String invoiceNumber, String number, UUID orderId, long amountMinor,
                            String currency, String providerRefundReference, Instant at) implements InvoiceEvent {
    }
}
