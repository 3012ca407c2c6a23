package tickets.finance;

import org.junit.jupiter.api.Test;
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
import tickets.finance.InvoiceNumber.Series;
import tickets.eventsourcing.ValidationException;
import tickets.testkit.AggregateSpec;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The invoice's rules, Given/When/Then, without servers. */
class InvoiceTest {

    private static final UUID INVOICE = UUID.fromString("00000000-0000-0000-0000-0000000ca471");
    private static final UUID PAYMENT = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    private static final UUID OTHER_PAYMENT = UUID.fromString("00000000-0000-0000-0000-0000000000b2");
    private static final UUID USER = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID CONCERT = UUID.fromString("00000000-0000-0000-0000-00000000c0c1");
    private static final UUID ORDER_1 = UUID.fromString("00000000-0000-0000-0000-0000000000d1");
    private static final UUID ORDER_2 = UUID.fromString("00000000-0000-0000-0000-0000000000d2");
    private static final Instant AT = Instant.parse("2030-06-01T18:00:00Z");
    private static final Instant LATER = AT.plusSeconds(60);
    private static final List<Line> LINES = List.of(new Line(CONCERT, "Regular", 2, 4_900),
            new Line(CONCERT, "Golden Circle", 1, 14_900));
    private static final Money TOTAL = Money.of(24_700, "EUR");
    private static final InvoiceNumber NUMBER_42 = new InvoiceNumber(Series.INVOICE, 2030, 42);
    private static final InvoiceNumber CREDIT_7 = new InvoiceNumber(Series.CREDIT_NOTE, 2030, 7);
    private static final InvoiceNumber CREDIT_8 = new InvoiceNumber(Series.CREDIT_NOTE, 2030, 8);

    private final AggregateSpec<Invoice, InvoiceCommand, InvoiceEvent> spec =
            AggregateSpec.of(Invoice.INITIAL, Invoice::evolve, Invoice::decide);

    private static InvoiceCreated created() {
        return new InvoiceCreated(INVOICE, PAYMENT, USER, "INV-2030-000042", "EUR", LINES, 24_700, AT);
    }

    private static InvoicePaid paid() {
        return new InvoicePaid(PAYMENT, USER, "INV-2030-000042", 24_700, "EUR", "ch_1", LATER);
    }

    private static CreateInvoice create(Money amount, List<Line> lines, InvoiceNumber number) {
        return new CreateInvoice(INVOICE, PAYMENT, USER, amount, lines, number, AT);
    }

    @Test
    void a_payment_issues_its_invoice_with_the_number_given_for_exactly_what_is_paid() {
        Invoice invoice = spec.given().when(create(TOTAL, LINES, NUMBER_42)).then(created());

        assertThat(invoice.status()).isEqualTo(Invoice.Status.ISSUED);
        assertThat(invoice.lines()).extracting(Line::totalMinor).containsExactly(9_800L, 14_900L);
        assertThat(invoice.totalMinor()).isEqualTo(24_700);
    }

    @Test
    void an_invoice_whose_lines_do_not_add_up_to_the_payment_is_not_issued() {
        spec.given().when(create(Money.of(24_699, "EUR"), LINES, NUMBER_42))
                .thenRejectedWith(InvoiceDoesNotMatchPayment.class);
        spec.given().when(create(Money.of(0, "EUR"), List.of(), NUMBER_42))
                .thenRejectedWith(InvoiceDoesNotMatchPayment.class);
    }

    @Test
    void lines_that_overflow_are_refused_never_wrapped() {
        List<Line> huge = List.of(new Line(CONCERT, "Regular", Integer.MAX_VALUE, Long.MAX_VALUE / 2));
        spec.given().when(create(TOTAL, huge, NUMBER_42)).thenRejectedWith(InvoiceDoesNotMatchPayment.class);
    }

    @Test
    void a_line_needs_a_positive_quantity_and_a_price_that_is_not_negative() {
        assertThatThrownBy(() -> new Line(CONCERT, "Regular", 0, 100)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new Line(CONCERT, "Regular", 1, -1)).isInstanceOf(ValidationException.class);
    }

    @Test
    void the_number_must_be_of_the_invoice_series_and_the_year_of_issue() {
        spec.given().when(create(TOTAL, LINES, CREDIT_7)).thenRejectedWith(IllegalArgumentException.class);
        spec.given().when(create(TOTAL, LINES, new InvoiceNumber(Series.INVOICE, 2029, 1)))
                .thenRejectedWith(IllegalArgumentException.class);
    }

    @Test
    void a_redelivered_initiation_issues_nothing_and_keeps_the_number() {
        spec.given(created()).when(create(TOTAL, LINES, new InvoiceNumber(Series.INVOICE, 2030, 43)))
                .thenNothingHappens();
    }

    @Test
    void a_second_payment_cannot_take_over_an_invoice() {
        spec.given(created()).when(new CreateInvoice(INVOICE, OTHER_PAYMENT, USER, TOTAL, LINES, NUMBER_42, AT))
                .thenRejectedWith(OtherPayment.class);
        spec.given(created()).when(new MarkPaid(INVOICE, OTHER_PAYMENT, TOTAL, "ch_2", LATER))
                .thenRejectedWith(OtherPayment.class);
    }

    @Test
    void a_confirmed_payment_pays_the_invoice_once() {
        spec.given(created()).when(new MarkPaid(INVOICE, PAYMENT, TOTAL, "ch_1", LATER)).then(paid());
        spec.given(created(), paid()).when(new MarkPaid(INVOICE, PAYMENT, TOTAL, "ch_1", LATER)).thenNothingHappens();
    }

    @Test
    void a_confirmation_of_another_amount_does_not_pay_the_invoice() {
        spec.given(created()).when(new MarkPaid(INVOICE, PAYMENT, Money.of(100, "EUR"), "ch_1", LATER))
                .thenRejectedWith(InvoiceDoesNotMatchPayment.class);
        spec.given(created()).when(new MarkPaid(INVOICE, PAYMENT, Money.of(24_700, "USD"), "ch_1", LATER))
                .thenRejectedWith(InvoiceDoesNotMatchPayment.class);
    }

    @Test
    void a_settlement_before_the_invoice_waits_for_it() {
        spec.given().when(new MarkPaid(INVOICE, PAYMENT, TOTAL, "ch_1", LATER)).thenRejectedWith(InvoiceNotKnownYet.class);
        spec.given().when(new MarkVoid(INVOICE, PAYMENT, "card_declined", LATER))
                .thenRejectedWith(InvoiceNotKnownYet.class);
    }

    @Test
    void a_failed_payment_voids_the_invoice_which_keeps_its_number() {
        Invoice invoice = spec.given(created()).when(new MarkVoid(INVOICE, PAYMENT, "card_declined", LATER))
                .then(new InvoiceVoided(PAYMENT, USER, "INV-2030-000042", "EUR", "card_declined", LATER));
        assertThat(invoice.status()).isEqualTo(Invoice.Status.VOID);
        assertThat(invoice.number()).isEqualTo("INV-2030-000042");
        spec.given(created(), new InvoiceVoided(PAYMENT, USER, "INV-2030-000042", "EUR", "card_declined", LATER))
                .when(new MarkVoid(INVOICE, PAYMENT, "card_declined", LATER)).thenNothingHappens();
    }

    @Test
    void a_void_invoice_is_never_paid_and_a_paid_one_never_voided() {
        InvoiceVoided voided = new InvoiceVoided(PAYMENT, USER, "INV-2030-000042", "EUR", "card_declined", LATER);
        spec.given(created(), voided).when(new MarkPaid(INVOICE, PAYMENT, TOTAL, "ch_1", LATER))
                .thenRejectedWith(InvoiceAlreadySettled.class);
        spec.given(created(), paid()).when(new MarkVoid(INVOICE, PAYMENT, "late", LATER))
                .thenRejectedWith(InvoiceAlreadySettled.class);
    }

    @Test
    void a_refund_of_a_paid_invoice_is_a_credit_note_with_its_own_number() {
        Invoice invoice = spec.given(created(), paid())
                .when(new IssueCreditNote(INVOICE, PAYMENT, ORDER_1, Money.of(9_800, "EUR"), "re_1", CREDIT_7, LATER))
                .then(new CreditNoteIssued(USER, "INV-2030-000042", "CN-2030-000007", ORDER_1, 9_800, "EUR", "re_1", LATER));
        assertThat(invoice.creditedMinor()).isEqualTo(9_800);
        assertThat(invoice.status()).as("the invoice itself stays as issued and paid").isEqualTo(Invoice.Status.PAID);
        assertThat(invoice.totalMinor()).isEqualTo(24_700);
    }

    @Test
    void one_credit_note_per_refund_however_often_it_arrives() {
        CreditNoteIssued first = new CreditNoteIssued(USER, "INV-2030-000042", "CN-2030-000007", ORDER_1, 9_800, "EUR",
                "re_1", LATER);
        spec.given(created(), paid(), first)
                .when(new IssueCreditNote(INVOICE, PAYMENT, ORDER_1, Money.of(9_800, "EUR"), "re_1", CREDIT_8, LATER))
                .thenNothingHappens();
    }

    @Test
    void credit_notes_never_add_up_to_more_than_was_paid() {
        CreditNoteIssued first = new CreditNoteIssued(USER, "INV-2030-000042", "CN-2030-000007", ORDER_1, 20_000, "EUR",
                "re_1", LATER);
        spec.given(created(), paid(), first)
                .when(new IssueCreditNote(INVOICE, PAYMENT, ORDER_2, Money.of(4_701, "EUR"), "re_2", CREDIT_8, LATER))
                .thenRejectedWith(CreditExceedsPayment.class);
        spec.given(created(), paid(), first)
                .when(new IssueCreditNote(INVOICE, PAYMENT, ORDER_2, Money.of(4_700, "EUR"), "re_2", CREDIT_8, LATER))
                .then(new CreditNoteIssued(USER, "INV-2030-000042", "CN-2030-000008", ORDER_2, 4_700, "EUR", "re_2", LATER));
        spec.given(created(), paid())
                .when(new IssueCreditNote(INVOICE, PAYMENT, ORDER_2, Money.of(0, "EUR"), "re_2", CREDIT_8, LATER))
                .thenRejectedWith(CreditExceedsPayment.class);
    }

    @Test
    void only_a_paid_invoice_is_credited_and_only_in_its_currency() {
        spec.given(created()).when(new IssueCreditNote(INVOICE, PAYMENT, ORDER_1, Money.of(100, "EUR"), "re_1", CREDIT_7,
                LATER)).thenRejectedWith(CreditNoteWithoutPayment.class);
        spec.given(created(), paid()).when(new IssueCreditNote(INVOICE, PAYMENT, ORDER_1, Money.of(100, "USD"), "re_1",
                CREDIT_7, LATER)).thenRejectedWith(InvoiceDoesNotMatchPayment.class);
    }

    @Test
    void numbers_print_with_series_year_and_six_digits_and_read_back() {
        assertThat(NUMBER_42.formatted()).isEqualTo("INV-2030-000042");
        assertThat(new InvoiceNumber(Series.CREDIT_NOTE, 2026, 1_234_567).formatted()).isEqualTo("CN-2026-1234567");
        assertThat(DocumentNumbers.parse("CN-2030-000007")).isEqualTo(CREDIT_7);
        assertThat(InvoiceNumber.yearOf(Instant.parse("2026-12-31T23:59:59Z"))).isEqualTo(2026);
        assertThat(InvoiceNumber.yearOf(Instant.parse("2027-01-01T00:00:00Z"))).isEqualTo(2027);
        assertThatThrownBy(() -> new InvoiceNumber(Series.INVOICE, 2030, 0)).isInstanceOf(ValidationException.class);
    }
}
