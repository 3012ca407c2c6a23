package tickets.finance;

import tickets.contracts.Money;
import tickets.eventsourcing.ValidationException;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What can happen to the invoice of one purchase (its stream id is the purchase's). */
public sealed interface InvoiceCommand {

    UUID invoiceId();

    /** A line as the payment describes it: what was bought at which unit price. */
    record Line(UUID concertId, String ticketLevel, int quantity, long unitPriceMinor) {
        public Line {
            ValidationException.required(concertId, "concertId");
            ValidationException.required(ticketLevel, "ticketLevel");
            ValidationException.require(quantity > 0, "quantity", "must be positive");
            ValidationException.require(unitPriceMinor >= 0, "unitPriceMinor", "must not be negative");
        }

        /** quantity x unit price, checked: an overflow is refused, never wrapped. */
        public long totalMinor() {
            return Math.multiplyExact(quantity, unitPriceMinor);
        }
    }

    /**
     * A payment was initiated for the purchase: its invoice, for exactly what is paid. {@code number}:
     * the next free number of the invoice series in the issuing year (taken only if the invoice is issued).
     */
    record CreateInvoice(UUID invoiceId, UUID paymentId, UUID userId, Money amount, List<Line> lines,
                         InvoiceNumber number, Instant issuedAt) implements InvoiceCommand {
        public CreateInvoice {
            lines = List.copyOf(lines);
        }
    }

    /** The seed's UpdateInvoice: what a payment's settlement or refund does to its issued invoice. */
    sealed interface UpdateInvoice extends InvoiceCommand {
    }

    /** The payment was confirmed by the provider. */
    record MarkPaid(UUID invoiceId, UUID paymentId, Money amount, String providerReference, Instant paidAt)
            implements UpdateInvoice {
    }

    /** The payment failed: the invoice is void (it keeps its number). */
    record MarkVoid(UUID invoiceId, UUID paymentId, String reason, Instant at) implements UpdateInvoice {
    }

    /**
     * A refund of the payment (for one compensated order): a credit note for it. {@code number}: the
     * next free credit-note number (taken only if the note is issued).
     */
    record IssueCreditNote(UUID invoiceId, UUID paymentId, UUID orderId, Money amount, String providerRefundReference,
                           InvoiceNumber number, Instant at) implements UpdateInvoice {
    }
}
