package tickets.orders;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tickets.contracts.Money;
import tickets.orders.Purchase.Outcome;
import tickets.orders.Purchase.PaymentStatus;
import tickets.orders.PurchaseCommand.AttachOrder;
import tickets.orders.PurchaseCommand.NoteCartConfirmed;
import tickets.orders.PurchaseCommand.NoteOrderEnded;
import tickets.orders.PurchaseCommand.NotePayment;
import tickets.orders.PurchaseCommand.NoteRejection;
import tickets.orders.PurchaseEvent.CancellationRequired;
import tickets.orders.PurchaseEvent.CartConfirmationNoted;
import tickets.orders.PurchaseEvent.CompensationRequired;
import tickets.orders.PurchaseEvent.OrderAttached;
import tickets.orders.PurchaseEvent.OrderEndNoted;
import tickets.orders.PurchaseEvent.PaymentNoted;
import tickets.orders.PurchaseEvent.PurchaseEnded;
import tickets.orders.PurchaseEvent.PurchaseStarted;
import tickets.testkit.AggregateSpec;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The purchase's rules, Given/When/Then: it learns facts in any order, more than once, and ends exactly once. */
class PurchaseTest {

    private static final UUID PURCHASE = UUID.fromString("00000000-0000-0000-0000-0000000ca471");
    private static final UUID USER = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID FIRST = UUID.fromString("00000000-0000-0000-0000-0000000000d1");
    private static final UUID SECOND = UUID.fromString("00000000-0000-0000-0000-0000000000d2");
    private static final UUID CONCERT_1 = UUID.fromString("00000000-0000-0000-0000-00000000c0c1");
    private static final UUID CONCERT_2 = UUID.fromString("00000000-0000-0000-0000-00000000c0c2");
    private static final UUID PAYMENT = UUID.fromString("00000000-0000-0000-0000-0000000a9a41");
    private static final Money TEN = Money.of(1_000, "EUR");
    private static final Instant T0 = Instant.parse("2026-06-01T18:00:00Z");
    private static final Instant T1 = T0.plusSeconds(1);
    private static final Instant T2 = T0.plusSeconds(2);

    private final AggregateSpec<Purchase, PurchaseCommand, PurchaseEvent> spec =
            AggregateSpec.of(Purchase.INITIAL, Purchase::evolve, Purchase::decide);

    private static PurchaseStarted started() {
        return new PurchaseStarted(PURCHASE, USER, T0);
    }

    private static OrderAttached attached(UUID order, UUID concert) {
        return new OrderAttached(order, concert, TEN, 2, T0);
    }

    private static OrderEndNoted ended(UUID order, boolean completed, boolean compensated) {
        return new OrderEndNoted(order, completed, compensated, completed ? "sold" : "hold expired", T1);
    }

    private static PaymentNoted payment(PaymentStatus status, String detail) {
        return new PaymentNoted(PAYMENT, status, detail, T1);
    }

    @Nested
    class Timeline {

        @Test
        void the_first_fact_starts_the_purchase_and_is_its_first_step() {
            Purchase purchase = spec.given()
                    .when(new NoteCartConfirmed(PURCHASE, USER, 2, Money.of(2_000, "EUR"), T0))
                    .then(started(), new CartConfirmationNoted(2, Money.of(2_000, "EUR"), T0));

            assertThat(purchase.status()).isEqualTo(Purchase.Status.OPEN);
            assertThat(purchase.userId()).isEqualTo(USER);
            assertThat(purchase.expectedOrders()).isEqualTo(2);
            assertThat(purchase.steps()).extracting(Purchase.Step::name, Purchase.Step::at)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("cart confirmed", T0));
        }

        @Test
        void an_order_may_arrive_before_the_cart_confirmation_and_says_how_many_orders_there_will_be() {
            Purchase purchase = spec.given()
                    .when(new AttachOrder(PURCHASE, USER, FIRST, CONCERT_1, TEN, 2, T0))
                    .then(started(), attached(FIRST, CONCERT_1));
            assertThat(purchase.expectedOrders()).isEqualTo(2);
            assertThat(purchase.orders()).containsOnlyKeys(FIRST);
        }

        @Test
        void each_fact_is_noted_once_however_often_it_is_told() {
            spec.given(started(), new CartConfirmationNoted(2, TEN, T0))
                    .when(new NoteCartConfirmed(PURCHASE, USER, 2, TEN, T1)).thenNothingHappens();
            spec.given(started(), attached(FIRST, CONCERT_1))
                    .when(new AttachOrder(PURCHASE, USER, FIRST, CONCERT_1, TEN, 2, T1)).thenNothingHappens();
            spec.given(started(), payment(PaymentStatus.PENDING, "EUR 20.00"))
                    .when(new NotePayment(PURCHASE, USER, PAYMENT, PaymentStatus.PENDING, "EUR 20.00", T2))
                    .thenNothingHappens();
            spec.given(started(), attached(FIRST, CONCERT_1), ended(FIRST, false, false))
                    .when(new NoteOrderEnded(PURCHASE, FIRST, false, false, "hold expired", T2)).thenNothingHappens();
        }

        @Test
        void the_payment_steps_follow_the_payment() {
            Purchase purchase = spec.given(started(), payment(PaymentStatus.PENDING, "EUR 20.00"))
                    .when(new NotePayment(PURCHASE, USER, PAYMENT, PaymentStatus.CONFIRMED, "py_1", T2))
                    .then(new PaymentNoted(PAYMENT, PaymentStatus.CONFIRMED, "py_1", T2));
            assertThat(purchase.isPaid()).isTrue();
            assertThat(purchase.steps()).extracting(Purchase.Step::name)
                    .containsExactly("payment pending", "payment confirmed");
        }
    }

    /** Two facts of one purchase that cross (DESIGN.md section 9): whichever is told first, the same books. */
    @Nested
    class Races {

        private static final PaymentNoted CONFIRMED = payment(PaymentStatus.CONFIRMED, "py_1");

        @Test
        void a_paid_purchase_whose_order_then_ends_unsold_requires_that_order_s_compensation() {
            Purchase purchase = spec.given(started(), attached(FIRST, CONCERT_1), attached(SECOND, CONCERT_2), CONFIRMED)
                    .when(new NoteOrderEnded(PURCHASE, FIRST, false, false, "hold expired", T2))
                    .then(new OrderEndNoted(FIRST, false, false, "hold expired", T2),
                            new CompensationRequired(FIRST, "paid for, but the order had ended unsold", T2));
            assertThat(purchase.orders().get(FIRST).compensationRequired()).isTrue();
        }

        @Test
        void an_order_that_ended_unsold_before_the_payment_was_confirmed_is_compensated_by_the_confirmation() {
            spec.given(started(), attached(FIRST, CONCERT_1), attached(SECOND, CONCERT_2), ended(FIRST, false, false))
                    .when(new NotePayment(PURCHASE, USER, PAYMENT, PaymentStatus.CONFIRMED, "py_1", T2))
                    .then(new PaymentNoted(PAYMENT, PaymentStatus.CONFIRMED, "py_1", T2),
                            new CompensationRequired(FIRST, "paid for, but the order had ended unsold", T2));
        }

        @Test
        void both_orders_of_the_race_require_the_same_compensation_and_it_is_required_once() {
            PurchaseEvent[] paidThenEnded = {started(), attached(FIRST, CONCERT_1), CONFIRMED, ended(FIRST, false, false),
                    new CompensationRequired(FIRST, "paid for, but the order had ended unsold", T1)};
            spec.given(paidThenEnded).when(new NotePayment(PURCHASE, USER, PAYMENT, PaymentStatus.CONFIRMED, "py_1", T2))
                    .thenNothingHappens();
            spec.given(paidThenEnded).when(new NoteOrderEnded(PURCHASE, FIRST, false, false, "hold expired", T2))
                    .thenNothingHappens();
            // once compensated, nothing more is asked
            spec.given(started(), attached(FIRST, CONCERT_1), CONFIRMED, ended(FIRST, false, true))
                    .when(new NotePayment(PURCHASE, USER, PAYMENT, PaymentStatus.REFUNDED, "order d1", T2))
                    .then(new PaymentNoted(PAYMENT, PaymentStatus.REFUNDED, "order d1", T2));
        }

        @Test
        void a_payment_confirmed_after_the_purchase_was_cancelled_still_requires_its_orders_compensation() {
            spec.given(started(), attached(FIRST, CONCERT_1), new OrderAttached(SECOND, CONCERT_2, TEN, 2, T0),
                            ended(FIRST, false, false), ended(SECOND, false, false),
                            new PurchaseEnded(USER, Outcome.CANCELLED, "an order ended unsold", T1))
                    .when(new NotePayment(PURCHASE, USER, PAYMENT, PaymentStatus.CONFIRMED, "py_1", T2))
                    .then(new PaymentNoted(PAYMENT, PaymentStatus.CONFIRMED, "py_1", T2),
                            new CompensationRequired(FIRST, "paid for, but the order had ended unsold", T2),
                            new CompensationRequired(SECOND, "paid for, but the order had ended unsold", T2));
        }

        @Test
        void an_unpaid_purchase_s_order_ending_unsold_requires_nothing_more() {
            spec.given(started(), attached(FIRST, CONCERT_1), attached(SECOND, CONCERT_2),
                            payment(PaymentStatus.PENDING, "EUR 20.00"))
                    .when(new NoteOrderEnded(PURCHASE, FIRST, false, false, "hold expired", T2))
                    .then(new OrderEndNoted(FIRST, false, false, "hold expired", T2));
        }

        @Test
        void an_order_arriving_after_another_ended_unsold_or_the_payment_failed_is_cancelled_at_once() {
            spec.given(started(), attached(FIRST, CONCERT_1), ended(FIRST, false, false))
                    .when(new AttachOrder(PURCHASE, USER, SECOND, CONCERT_2, TEN, 2, T2))
                    .then(new OrderAttached(SECOND, CONCERT_2, TEN, 2, T2),
                            new CancellationRequired(SECOND, "another part of the purchase ended unsold", T2));
            spec.given(started(), attached(FIRST, CONCERT_1), payment(PaymentStatus.FAILED, "card_declined"))
                    .when(new AttachOrder(PURCHASE, USER, SECOND, CONCERT_2, TEN, 2, T2))
                    .then(new OrderAttached(SECOND, CONCERT_2, TEN, 2, T2),
                            new CancellationRequired(SECOND, "the purchase's payment failed", T2));
            spec.given(started(), attached(FIRST, CONCERT_1))
                    .when(new AttachOrder(PURCHASE, USER, SECOND, CONCERT_2, TEN, 2, T2))
                    .then(new OrderAttached(SECOND, CONCERT_2, TEN, 2, T2));
        }
    }

    @Nested
    class End {

        @Test
        void it_completes_when_every_expected_order_completed() {
            Purchase purchase = spec.given(started(), attached(FIRST, CONCERT_1), attached(SECOND, CONCERT_2),
                            ended(FIRST, true, false))
                    .when(new NoteOrderEnded(PURCHASE, SECOND, true, false, "sold", T2))
                    .then(new OrderEndNoted(SECOND, true, false, "sold", T2),
                            new PurchaseEnded(USER, Outcome.COMPLETED, "every order completed", T2));
            assertThat(purchase.status()).isEqualTo(Purchase.Status.ENDED);
            assertThat(purchase.outcome()).isEqualTo(Outcome.COMPLETED);
        }

        @Test
        void it_does_not_end_while_an_expected_order_has_not_even_arrived() {
            spec.given(started(), attached(FIRST, CONCERT_1))
                    .when(new NoteOrderEnded(PURCHASE, FIRST, true, false, "sold", T2))
                    .then(new OrderEndNoted(FIRST, true, false, "sold", T2));
        }

        @Test
        void it_is_cancelled_once_every_order_ended_and_not_all_were_sold() {
            spec.given(started(), attached(FIRST, CONCERT_1), attached(SECOND, CONCERT_2), ended(FIRST, false, false))
                    .when(new NoteOrderEnded(PURCHASE, SECOND, false, false, "another part of the purchase ended", T2))
                    .then(new OrderEndNoted(SECOND, false, false, "another part of the purchase ended", T2),
                            new PurchaseEnded(USER, Outcome.CANCELLED, "an order ended unsold", T2));
        }

        @Test
        void it_is_rejected_when_nothing_could_be_held() {
            Purchase purchase = spec.given(started(), new CartConfirmationNoted(1, TEN, T0))
                    .when(new NoteRejection(PURCHASE, USER, "not enough tickets", T1))
                    .then(new PurchaseEnded(USER, Outcome.REJECTED, "not enough tickets", T1));
            assertThat(purchase.outcome()).isEqualTo(Outcome.REJECTED);
        }

        @Test
        void it_ends_exactly_once_whatever_comes_after() {
            PurchaseEvent[] completed = {started(), attached(FIRST, CONCERT_1), attached(SECOND, CONCERT_2),
                    ended(FIRST, true, false), ended(SECOND, true, false),
                    new PurchaseEnded(USER, Outcome.COMPLETED, "every order completed", T1)};
            // a compensation after the end is on the timeline, but the purchase does not end again
            Purchase purchase = spec.given(completed)
                    .when(new NoteOrderEnded(PURCHASE, FIRST, false, true, "the concert was cancelled", T2))
                    .then(new OrderEndNoted(FIRST, false, true, "the concert was cancelled", T2));
            assertThat(purchase.outcome()).isEqualTo(Outcome.COMPLETED);
            spec.given(completed).when(new NoteRejection(PURCHASE, USER, "late rejection", T2)).thenNothingHappens();
        }

        @Test
        void the_tickets_steps_after_the_end_are_noted_once_each() {
            PurchaseEvent[] completed = {started(), attached(FIRST, CONCERT_1), attached(SECOND, CONCERT_2),
                    ended(FIRST, true, false), ended(SECOND, true, false),
                    new PurchaseEnded(USER, Outcome.COMPLETED, "every order completed", T1)};
            Purchase purchase = spec.given(completed)
                    .when(new PurchaseCommand.NoteDelivery(PURCHASE, USER, "ticket delivered online", "ticket t1", T2))
                    .then(new PurchaseEvent.DeliveryNoted("ticket delivered online", "ticket t1", T2));
            assertThat(purchase.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(purchase.steps().getLast().name()).isEqualTo("ticket delivered online");
            spec.given(java.util.stream.Stream.concat(java.util.Arrays.stream(completed),
                            java.util.stream.Stream.of(new PurchaseEvent.DeliveryNoted("ticket delivered online", "ticket t1", T2)))
                            .toArray(PurchaseEvent[]::new))
                    .when(new PurchaseCommand.NoteDelivery(PURCHASE, USER, "ticket delivered online", "ticket t1", T2))
                    .thenNothingHappens();
        }

        @Test
        void the_invoice_steps_are_noted_once_each_and_end_nothing() {
            PurchaseEvent[] completed = {started(), attached(FIRST, CONCERT_1), attached(SECOND, CONCERT_2),
                    ended(FIRST, true, false), ended(SECOND, true, false),
                    new PurchaseEnded(USER, Outcome.COMPLETED, "every order completed", T1)};
            Purchase purchase = spec.given(completed)
                    .when(new PurchaseCommand.NoteInvoice(PURCHASE, USER, "invoice paid", "INV-2030-000001", T2))
                    .then(new PurchaseEvent.InvoiceNoted("invoice paid", "INV-2030-000001", T2));
            assertThat(purchase.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(purchase.steps().getLast().name()).isEqualTo("invoice paid");
            spec.given(java.util.stream.Stream.concat(java.util.Arrays.stream(completed),
                            java.util.stream.Stream.of(new PurchaseEvent.InvoiceNoted("invoice paid", "INV-2030-000001", T2)))
                            .toArray(PurchaseEvent[]::new))
                    .when(new PurchaseCommand.NoteInvoice(PURCHASE, USER, "invoice paid", "INV-2030-000001", T2))
                    .thenNothingHappens();
        }

        @Test
        void a_refund_after_the_end_is_noted_but_ends_nothing() {
            List<PurchaseEvent> history = List.of(started(), attached(FIRST, CONCERT_1),
                    new OrderAttached(SECOND, CONCERT_2, TEN, 2, T0), payment(PaymentStatus.CONFIRMED, "py_1"),
                    ended(FIRST, false, true), ended(SECOND, false, true),
                    new PurchaseEnded(USER, Outcome.CANCELLED, "an order ended unsold", T1));
            Purchase purchase = spec.given(history.toArray(PurchaseEvent[]::new))
                    .when(new NotePayment(PURCHASE, USER, PAYMENT, PaymentStatus.REFUNDED, "order x, EUR 10.00", T2))
                    .then(new PaymentNoted(PAYMENT, PaymentStatus.REFUNDED, "order x, EUR 10.00", T2));
            assertThat(purchase.steps()).extracting(Purchase.Step::name).filteredOn(name -> name.equals("cancelled"))
                    .hasSize(1);
        }
    }
}
