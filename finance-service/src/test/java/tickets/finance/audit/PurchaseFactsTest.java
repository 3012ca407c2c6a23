package tickets.finance.audit;

import org.junit.jupiter.api.Test;
import tickets.finance.audit.PurchaseFacts.InvoiceFacts;
import tickets.finance.audit.PurchaseFacts.PaymentFacts;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The books of one purchase, as the audit checks them: each invariant of DESIGN.md section 9 on facts that break it. */
class PurchaseFactsTest {

    private static final UUID PURCHASE = UUID.fromString("00000000-0000-0000-0000-0000000ca471");
    private static final UUID PAYMENT = UUID.fromString("00000000-0000-0000-0000-0000000a9a41");
    private static final UUID ORDER = UUID.fromString("00000000-0000-0000-0000-0000000000d1");
    private static final UUID HOLD = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    private static final UUID CONCERT = UUID.fromString("00000000-0000-0000-0000-00000000c0c1");
    private static final UUID TICKET_1 = UUID.fromString("00000000-0000-0000-0000-0000000000f1");
    private static final UUID TICKET_2 = UUID.fromString("00000000-0000-0000-0000-0000000000f2");
    private static final InvoiceFacts PAID = new InvoiceFacts("PAID", 5_000, 0);

    /** Two Regular seats for 5,000, paid, sold, ticketed, ended completed: the books balance. */
    private static PurchaseFacts sold() {
        return PurchaseFacts.none(PURCHASE)
                .withOrder(ORDER, CONCERT, 5_000, "EUR", Map.of("Regular", 2))
                .withPayment(new PaymentFacts(PAYMENT, "CONFIRMED", 5_000, "EUR", 5_000, 0, 0, 0))
                .withSold(HOLD, CONCERT, Map.of("Regular", 2))
                .withOrderEnded(ORDER, true, false)
                .withTickets(ORDER, CONCERT, Map.of(TICKET_1, "Regular", TICKET_2, "regular"))
                .withEnd("COMPLETED");
    }

    @Test
    void a_purchase_sold_paid_ticketed_and_ended_once_balances() {
        assertThat(sold().discrepancies(Set.of(), PAID)).isEmpty();
    }

    @Test
    void charged_tickets_revoked_completed_and_never_refunded_is_found() {
        // what the concert cancelled right after the payments did: the order stood, its tickets were revoked
        List<String> problems = sold().withRevoked(List.of(TICKET_1, TICKET_2)).discrepancies(Set.of(CONCERT), PAID);
        assertThat(problems).anyMatch(p -> p.contains("was revoked, but its order stands"))
                .anyMatch(p -> p.startsWith("valid tickets {}"));
    }

    @Test
    void a_compensated_order_whose_refund_never_came_is_found_and_its_refund_settles_it() {
        PurchaseFacts compensated = sold().withOrderEnded(ORDER, false, true).withRevoked(List.of(TICKET_1, TICKET_2));
        assertThat(compensated.discrepancies(Set.of(CONCERT), PAID))
                .containsExactly("captured - refunded = 5000 but the completed, not compensated orders come to 0");
        PurchaseFacts refunded = compensated.withPayment(new PaymentFacts(PAYMENT, "CONFIRMED", 5_000, "EUR", 5_000, 5_000,
                0, 0));
        assertThat(refunded.discrepancies(Set.of(CONCERT), new InvoiceFacts("PAID", 5_000, 5_000))).isEmpty();
    }

    @Test
    void a_paid_purchase_whose_order_ended_unsold_without_compensation_is_found() {
        PurchaseFacts unsold = PurchaseFacts.none(PURCHASE).withOrder(ORDER, CONCERT, 5_000, "EUR", Map.of("Regular", 2))
                .withPayment(new PaymentFacts(PAYMENT, "CONFIRMED", 5_000, "EUR", 5_000, 0, 0, 0))
                .withOrderEnded(ORDER, false, false).withEnd("CANCELLED");
        assertThat(unsold.discrepancies(Set.of(), PAID))
                .contains("captured - refunded = 5000 but the completed, not compensated orders come to 0");
    }

    @Test
    void a_purchase_that_ends_twice_or_never_is_found() {
        assertThat(sold().withEnd("CANCELLED").discrepancies(Set.of(), PAID))
                .containsExactly("the purchase ended 2 times (exactly once expected)");
        PurchaseFacts neverEnded = PurchaseFacts.none(PURCHASE).withOrder(ORDER, CONCERT, 5_000, "EUR", Map.of("Regular", 2))
                .withOrderEnded(ORDER, false, false);
        assertThat(neverEnded.discrepancies(Set.of(), null)).containsExactly("every order ended, but the purchase never did");
    }

    @Test
    void seats_sold_without_tickets_or_tickets_without_a_sale_are_found() {
        PurchaseFacts oneTicketMissing = PurchaseFacts.none(PURCHASE)
                .withOrder(ORDER, CONCERT, 5_000, "EUR", Map.of("Regular", 2))
                .withPayment(new PaymentFacts(PAYMENT, "CONFIRMED", 5_000, "EUR", 5_000, 0, 0, 0))
                .withSold(HOLD, CONCERT, Map.of("Regular", 2)).withOrderEnded(ORDER, true, false)
                .withTickets(ORDER, CONCERT, Map.of(TICKET_1, "Regular")).withEnd("COMPLETED");
        assertThat(oneTicketMissing.discrepancies(Set.of(), PAID)).hasSize(2)
                .anyMatch(p -> p.startsWith("valid tickets"))
                .anyMatch(p -> p.startsWith("reservations sold"));
    }

    @Test
    void money_taken_after_the_payment_failed_must_all_be_given_back() {
        PurchaseFacts late = PurchaseFacts.none(PURCHASE).withOrder(ORDER, CONCERT, 5_000, "EUR", Map.of("Regular", 2))
                .withOrderEnded(ORDER, false, false).withEnd("CANCELLED")
                .withPayment(new PaymentFacts(PAYMENT, "FAILED", 5_000, "EUR", 0, 0, 5_000, 0));
        InvoiceFacts voided = new InvoiceFacts("VOID", 0, 0);
        assertThat(late.discrepancies(Set.of(), voided))
                .containsExactly("the provider took 5000 after the payment had failed and 0 of it was refunded");
        assertThat(late.withPayment(new PaymentFacts(PAYMENT, "FAILED", 5_000, "EUR", 0, 0, 5_000, 5_000))
                .discrepancies(Set.of(), voided)).isEmpty();
    }

    @Test
    void orders_completed_without_a_confirmed_payment_and_a_payment_without_invoice_are_found() {
        PurchaseFacts unpaid = PurchaseFacts.none(PURCHASE).withOrder(ORDER, CONCERT, 5_000, "EUR", Map.of("Regular", 2))
                .withPayment(new PaymentFacts(PAYMENT, "PENDING", 5_000, "EUR", 0, 0, 0, 0))
                .withOrderEnded(ORDER, true, false).withEnd("COMPLETED");
        assertThat(unpaid.discrepancies(Set.of(), null)).contains("orders worth 5000 completed without a confirmed payment",
                "payment " + PAYMENT + " has no invoice");
    }
}
