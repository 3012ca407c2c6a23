package tickets.finance;

import tickets.contracts.InvalidValue;
import tickets.contracts.Money;
import tickets.finance.FinanceRules.CreditExceedsPayment;
import tickets.finance.FinanceRules.CreditNoteWithoutPayment;
import tickets.finance.FinanceRules.InvoiceAlreadySettled;
import tickets.finance.FinanceRules.InvoiceDoesNotMatchPayment;
import tickets.finance.FinanceRules.InvoiceNotKnownYet;
import tickets.finance.FinanceRules.OtherPayment;
import tickets.finance.InvoiceCommand.CreateInvoice;
import tickets.finance.InvoiceCommand.IssueCreditNote;
import tickets.finance.InvoiceCommand.Line;
import tickets.finance.InvoiceCommand.MarkPaid;
import tickets.finance.InvoiceCommand.MarkVoid;
import tickets.finance.InvoiceEvent.CreditNoteIssued;
import tickets.finance.InvoiceEvent.InvoiceCreated;
import tickets.finance.InvoiceEvent.InvoicePaid;
import tickets.finance.InvoiceEvent.InvoiceVoided;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The invoice of one purchase: issued (numbered) when its payment is initiated, for exactly what
 * is paid; then paid, or void if the payment failed; refunds are credit notes, never more in total
 * than was paid. Nothing issued is ever changed: every correction is a new event.
 */
public record Invoice(UUID invoiceId, Status status, UUID paymentId, UUID userId, String number, String currency,
                      List<Line> lines, long totalMinor, Instant issuedAt, long paidMinor, String providerReference,
                      Instant paidAt, String voidReason, Instant voidedAt, List<CreditNote> creditNotes) {

    public enum Status { NONE, ISSUED, PAID, VOID }

    public record CreditNote(String number, UUID orderId, long amountMinor, String providerRefundReference,
                             Instant issuedAt) {
    }

    public static final Invoice INITIAL = new Invoice(null, Status.NONE, null, null, null, null, List.of(), 0, null, 0,
            null, null, null, null, List.of());

    public long creditedMinor() {
        return creditNotes.stream().mapToLong(CreditNote::amountMinor).sum();
    }

    public static List<InvoiceEvent> decide(InvoiceCommand command, Invoice state) {
        return switch (command) {
            case CreateInvoice create -> create(create, state);
            case MarkPaid paid -> {
                requireIssued(state, paid.invoiceId(), paid.paymentId());
                if (state.status == Status.PAID) {
                    yield List.of(); // a redelivered confirmation
                }
                if (state.status == Status.VOID) {
                    throw new InvoiceAlreadySettled(state.invoiceId, state.status.name(), "paid");
                }
                requireSameMoney(state, paid.amount(), "the confirmed amount");
                yield List.of(new InvoicePaid(paid.paymentId(), state.userId, state.number,
                        paid.amount().amountMinor(), state.currency, paid.providerReference(), paid.paidAt()));
            }
            case MarkVoid voided -> {
                requireIssued(state, voided.invoiceId(), voided.paymentId());
                if (state.status == Status.VOID) {
                    yield List.of();
                }
                if (state.status == Status.PAID) {
                    throw new InvoiceAlreadySettled(state.invoiceId, state.status.name(), "voided (credit it instead)");
                }
                yield List.of(new InvoiceVoided(voided.paymentId(), state.userId, state.number, state.currency,
                        voided.reason(), voided.at()));
            }
            case IssueCreditNote credit -> {
                requireIssued(state, credit.invoiceId(), credit.paymentId());
                if (state.creditNotes.stream().anyMatch(note -> note.orderId().equals(credit.orderId()))) {
                    yield List.of(); // this refund has its credit note already
                }
                if (state.status != Status.PAID) {
                    throw new CreditNoteWithoutPayment(state.invoiceId, state.status.name());
                }
                if (!credit.amount().currency().equals(state.currency)) {
                    throw new InvoiceDoesNotMatchPayment("a credit in " + credit.amount().currency() + " on an invoice in "
                            + state.currency);
                }
                long amount = credit.amount().amountMinor();
                if (amount <= 0 || state.creditedMinor() + amount > state.paidMinor) {
                    throw new CreditExceedsPayment(state.invoiceId, state.paidMinor, state.creditedMinor(), amount);
                }
                yield List.of(new CreditNoteIssued(state.userId, state.number, credit.number().formatted(),
                        credit.orderId(), amount, state.currency, credit.providerRefundReference(), credit.at()));
            }
        };
    }

    private static List<InvoiceEvent> create(CreateInvoice create, Invoice state) {
        if (state.status != Status.NONE) {
            if (!state.paymentId.equals(create.paymentId())) {
                throw new OtherPayment(state.invoiceId, state.paymentId, create.paymentId());
            }
            return List.of(); // a redelivered initiation: the invoice exists, its number stays
        }
        if (create.lines().isEmpty()) {
            throw new InvoiceDoesNotMatchPayment("a payment without lines");
        }
        if (create.number().series() != InvoiceNumber.Series.INVOICE
                || create.number().year() != InvoiceNumber.yearOf(create.issuedAt())) {
            throw new IllegalArgumentException("invoice " + create.invoiceId() + " numbered " + create.number()
                    + " but issued " + create.issuedAt());
        }
        long total = 0;
        try {
            for (Line line : create.lines()) {
                total = Math.addExact(total, line.totalMinor());
            }
            Money.of(total, create.amount().currency());
        } catch (ArithmeticException | InvalidValue tooMuch) {
            throw new InvoiceDoesNotMatchPayment("its lines add up to more than any amount we take");
        }
        if (total != create.amount().amountMinor()) {
            throw new InvoiceDoesNotMatchPayment("its lines add up to " + total + " but " + create.amount().amountMinor()
                    + " " + create.amount().currency() + " is paid");
        }
        return List.of(new InvoiceCreated(create.invoiceId(), create.paymentId(), create.userId(),
                create.number().formatted(), create.amount().currency(), create.lines(), total, create.issuedAt()));
    }

    private static void requireIssued(Invoice state, UUID invoiceId, UUID paymentId) {
        if (state.status == Status.NONE) {
            throw new InvoiceNotKnownYet(invoiceId);
        }
        if (!state.paymentId.equals(paymentId)) {
            throw new OtherPayment(state.invoiceId, state.paymentId, paymentId);
        }
    }

    private static void requireSameMoney(Invoice state, Money amount, String what) {
        if (!amount.currency().equals(state.currency) || amount.amountMinor() != state.totalMinor) {
            throw new InvoiceDoesNotMatchPayment(what + " " + amount + " differs from the invoice's "
                    + Money.of(state.totalMinor, state.currency));
        }
    }

    public static Invoice evolve(Invoice state, InvoiceEvent event) {
        return switch (event) {
            case InvoiceCreated e -> new Invoice(e.invoiceId(), Status.ISSUED, e.paymentId(), e.userId(), e.number(),
                    e.currency(), e.lines(), e.totalMinor(), e.issuedAt(), 0, null, null, null, null, List.of());
            case InvoicePaid e -> new Invoice(state.invoiceId, Status.PAID, state.paymentId, state.userId, state.number,
                    state.currency, state.lines, state.totalMinor, state.issuedAt, e.amountMinor(), e.providerReference(),
                    e.paidAt(), null, null, state.creditNotes);
            case InvoiceVoided e -> new Invoice(state.invoiceId, Status.VOID, state.paymentId, state.userId, state.number,
                    state.currency, state.lines, state.totalMinor, state.issuedAt, 0, null, null, e.reason(), e.at(),
                    state.creditNotes);
            case CreditNoteIssued e -> {
                List<CreditNote> notes = new ArrayList<>(state.creditNotes);
                notes.add(new CreditNote(e.number(), e.orderId(), e.amountMinor(), e.providerRefundReference(), e.at()));
                yield new Invoice(state.invoiceId, state.status, state.paymentId, state.userId, state.number,
                        state.currency, state.lines, state.totalMinor, state.issuedAt, state.paidMinor,
                        state.providerReference, state.paidAt, state.voidReason, state.voidedAt, List.copyOf(notes));
            }
        };
    }
}
