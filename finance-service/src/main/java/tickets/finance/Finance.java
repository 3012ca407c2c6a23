package tickets.finance;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.contracts.Money;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentConfirmed;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentFailed;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentInitiated;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentRefunded;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.CommandResult;
import tickets.eventsourcing.ExpectedVersion;
import tickets.finance.FinancialInfoCommand.CreateUserFinancialInfo;
import tickets.finance.FinancialInfoCommand.PaymentChange;
import tickets.finance.FinancialInfoCommand.UpdateUserFinancialInfo;
import tickets.finance.InvoiceCommand.CreateInvoice;
import tickets.finance.InvoiceCommand.IssueCreditNote;
import tickets.finance.InvoiceCommand.Line;
import tickets.finance.InvoiceCommand.MarkPaid;
import tickets.finance.InvoiceCommand.MarkVoid;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The Finance context's steps, each in the caller's (the inbox's) transaction: a payment's
 * initiation issues its purchase's invoice (numbered from the series' counter in the same
 * transaction), its settlement pays or voids it, a refund issues a credit note; every payment
 * change is counted on the customer's financial record.
 */
@ApplicationScoped
public class Finance {

    @Inject
    CommandHandler commands;
    @Inject
    InvoiceAggregate invoices;
    @Inject
    FinancialInfoAggregate records;
    @Inject
    DocumentNumbers numbers;

    /** The invoice of a purchase has the purchase's id. */
    public static UUID invoiceIdOf(UUID purchaseId) {
        return purchaseId;
    }

    public Uni<Void> paymentInitiated(PaymentInitiated payment, CommandContext context) {
        Money amount = Money.of(payment.amountMinor(), payment.currency());
        return issueInvoice(payment, now(), context)
                .chain(() -> count(payment.userId(), new FinancialInfoCommand.PaymentStarted(payment.paymentId(),
                        amount.amountMinor(), amount.currency()), context));
    }

    /** Issues the invoice of a payment at {@code issuedAt} (a redelivered initiation issues nothing and takes no number). */
    public Uni<CommandResult<Invoice, InvoiceEvent>> issueInvoice(PaymentInitiated payment, Instant issuedAt,
                                                                 CommandContext context) {
        var lines = payment.lines().stream().map(line -> new Line(line.concertId(), line.ticketLevel(), line.quantity(),
                line.unitPriceMinor())).toList();
        return numbers.next(InvoiceNumber.Series.INVOICE, issuedAt).chain(number -> commands.handle(invoices,
                invoiceIdOf(payment.purchaseId()), ExpectedVersion.ANY, new CreateInvoice(invoiceIdOf(payment.purchaseId()),
                        payment.paymentId(), payment.userId(), Money.of(payment.amountMinor(), payment.currency()), lines,
                        number, issuedAt), context));
    }

    public Uni<Void> paymentConfirmed(PaymentConfirmed payment, CommandContext context) {
        Money amount = Money.of(payment.amountMinor(), payment.currency());
        UUID invoiceId = invoiceIdOf(payment.purchaseId());
        return commands.handle(invoices, invoiceId, ExpectedVersion.ANY, new MarkPaid(invoiceId, payment.paymentId(),
                        amount, payment.providerReference(), payment.confirmedAt() == null ? now() : payment.confirmedAt()),
                        context)
                .chain(() -> count(payment.userId(), new FinancialInfoCommand.PaymentCompleted(payment.paymentId(),
                        amount.amountMinor(), amount.currency()), context));
    }

    public Uni<Void> paymentFailed(PaymentFailed payment, CommandContext context) {
        UUID invoiceId = invoiceIdOf(payment.purchaseId());
        return commands.handle(invoices, invoiceId, ExpectedVersion.ANY, new MarkVoid(invoiceId, payment.paymentId(),
                        payment.reason(), now()), context)
                .chain(() -> count(payment.userId(), new FinancialInfoCommand.PaymentFailed(payment.paymentId()), context));
    }

    public Uni<Void> paymentRefunded(PaymentRefunded refund, CommandContext context) {
        Money amount = Money.of(refund.amountMinor(), refund.currency());
        UUID invoiceId = invoiceIdOf(refund.purchaseId());
        Instant at = now();
        return numbers.next(InvoiceNumber.Series.CREDIT_NOTE, at)
                .chain(number -> commands.handle(invoices, invoiceId, ExpectedVersion.ANY, new IssueCreditNote(invoiceId,
                        refund.paymentId(), refund.orderId(), amount, refund.providerRefundReference(), number, at),
                        context))
                .chain(() -> count(refund.userId(), new FinancialInfoCommand.PaymentRefunded(refund.paymentId(),
                        refund.orderId(), amount.amountMinor(), amount.currency()), context));
    }

    public Uni<Void> userRegistered(UUID userId, CommandContext context) {
        return commands.handle(records, userId, ExpectedVersion.ANY, new CreateUserFinancialInfo(userId, now()), context)
                .replaceWithVoid();
    }

    private Uni<Void> count(UUID userId, PaymentChange change, CommandContext context) {
        return commands.handle(records, userId, ExpectedVersion.ANY, new UpdateUserFinancialInfo(userId, change, now()),
                context).replaceWithVoid();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
