package tickets.finance;

import tickets.eventsourcing.DomainRuleViolation;
import tickets.eventsourcing.ResourceNotFound;

import java.util.UUID;

/** The rules an invoice or a financial record can break. */
public final class FinanceRules {

    private FinanceRules() {
    }

    public static final class InvoiceNotFound extends ResourceNotFound {
        public InvoiceNotFound(Object id) {
            super("invoice", id);
        }
    }

    public static final class FinancialInfoNotFound extends ResourceNotFound {
        public FinancialInfoNotFound(Object userId) {
            super("financial record of user", userId);
        }
    }

    /** A settlement of a payment whose invoice has not been created yet: the event waits (retried) for its initiation. */
    public static final class InvoiceNotKnownYet extends RuntimeException {
        public InvoiceNotKnownYet(UUID invoiceId) {
            super("invoice " + invoiceId + " is not known yet");
        }
    }

    /** The invoice is for exactly what is paid: lines, total and currency agree with the payment. */
    public static final class InvoiceDoesNotMatchPayment extends DomainRuleViolation {
        public InvoiceDoesNotMatchPayment(String detail) {
            super("the invoice would not match its payment: " + detail);
        }
    }

    /** One invoice per purchase, for its one payment. */
    public static final class OtherPayment extends DomainRuleViolation {
        public OtherPayment(UUID invoiceId, UUID invoicedPayment, UUID otherPayment) {
            super("invoice " + invoiceId + " is for payment " + invoicedPayment + ", not " + otherPayment);
        }
    }

    /** An issued invoice is never changed: a paid one is corrected by credit notes, a void one by nothing. */
    public static final class InvoiceAlreadySettled extends DomainRuleViolation {
        public InvoiceAlreadySettled(UUID invoiceId, String status, String attempted) {
            super("invoice " + invoiceId + " is " + status.toLowerCase() + "; it cannot be " + attempted);
        }
    }

    public static final class CreditNoteWithoutPayment extends DomainRuleViolation {
        public CreditNoteWithoutPayment(UUID invoiceId, String status) {
            super("invoice " + invoiceId + " is " + status.toLowerCase() + ": only a paid invoice can be credited");
        }
    }

    public static final class CreditExceedsPayment extends DomainRuleViolation {
        public CreditExceedsPayment(UUID invoiceId, long paidMinor, long creditedMinor, long requestedMinor) {
            super("invoice " + invoiceId + ": a credit of " + requestedMinor + " on top of " + creditedMinor
                    + " already credited would exceed the " + paidMinor + " paid");
        }
    }
}
