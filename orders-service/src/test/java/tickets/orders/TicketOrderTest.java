package tickets.orders;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tickets.contracts.Money;
import tickets.eventsourcing.ValidationException;
import tickets.orders.OrderCommand.CancelOrder;
import tickets.orders.OrderCommand.CompensateOrder;
import tickets.orders.OrderCommand.CompleteOrder;
import tickets.orders.OrderCommand.CreateOrder;
import tickets.orders.OrderEvent.OrderCancelled;
import tickets.orders.OrderEvent.OrderCompleted;
import tickets.orders.OrderEvent.OrderCreated;
import tickets.orders.OrderRules.NotThisOrdersSale;
import tickets.orders.OrderRules.OrderAlreadyCompleted;
import tickets.orders.OrderRules.OrderNotFound;
import tickets.testkit.AggregateSpec;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ticket order's rules, Given/When/Then, without servers. */
class TicketOrderTest {

    private static final UUID ORDER = UUID.fromString("00000000-0000-0000-0000-0000000000d1");
    private static final UUID PURCHASE = UUID.fromString("00000000-0000-0000-0000-0000000ca471");
    private static final UUID HOLD = UUID.fromString("00000000-0000-0000-0000-0000000e5e41");
    private static final UUID OTHER_HOLD = UUID.fromString("00000000-0000-0000-0000-0000000e5e42");
    private static final UUID USER = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID CONCERT = UUID.fromString("00000000-0000-0000-0000-00000000c0c1");
    private static final List<OrderLine> LINES = List.of(new OrderLine("Regular", 2, 4_900),
            new OrderLine("Golden Circle", 1, 14_900));
    private static final Money TOTAL = Money.of(24_700, "EUR");

    private final AggregateSpec<TicketOrder, OrderCommand, OrderEvent> spec =
            AggregateSpec.of(TicketOrder.INITIAL, TicketOrder::evolve, TicketOrder::decide);

    private static CreateOrder create() {
        return new CreateOrder(ORDER, PURCHASE, HOLD, USER, CONCERT, LINES, "EUR", 2, null);
    }

    private static OrderCreated created() {
        return new OrderCreated(ORDER, PURCHASE, HOLD, USER, CONCERT, LINES, TOTAL, 2, null);
    }

    private static OrderCompleted completed() {
        return new OrderCompleted(ORDER, PURCHASE, HOLD, USER, CONCERT, LINES, TOTAL, null);
    }

    private static OrderCancelled cancelled(String reason, boolean compensated) {
        return new OrderCancelled(ORDER, PURCHASE, HOLD, USER, CONCERT, TOTAL, reason, compensated);
    }

    @Nested
    class Create {

        @Test
        void an_order_is_priced_line_by_line_from_its_hold() {
            TicketOrder order = spec.given().when(create()).then(created());

            assertThat(order.status()).isEqualTo(TicketOrder.Status.OPEN);
            assertThat(order.total()).isEqualTo(TOTAL);
            assertThat(order.ordersInPurchase()).isEqualTo(2);
        }

        @Test
        void the_same_hold_makes_no_second_order() {
            spec.given(created()).when(create()).thenNothingHappens();
            spec.given(created(), completed()).when(create()).thenNothingHappens();
        }

        @Test
        void an_order_without_lines_or_with_a_bad_line_is_refused() {
            assertThatThrownBy(() -> new CreateOrder(ORDER, PURCHASE, HOLD, USER, CONCERT, List.of(), "EUR", 1, null))
                    .isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> new OrderLine("Regular", 0, 100)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> new OrderLine("Regular", 1, -1)).isInstanceOf(ValidationException.class);
        }
    }

    @Nested
    class Complete {

        @Test
        void the_shipping_address_given_at_confirmation_travels_to_the_completed_order() {
            tickets.contracts.ShippingAddress home = new tickets.contracts.ShippingAddress("Ada Lovelace", "1 Way", null,
                    "10115", "Berlin", "DE");
            OrderCreated withAddress = new OrderCreated(ORDER, PURCHASE, HOLD, USER, CONCERT, LINES, TOTAL, 2, home);
            spec.given(withAddress).when(new CompleteOrder(ORDER, HOLD, false))
                    .then(new OrderCompleted(ORDER, PURCHASE, HOLD, USER, CONCERT, LINES, TOTAL, home));
        }

        @Test
        void the_confirmed_sale_of_its_own_hold_completes_the_order() {
            TicketOrder order = spec.given(created()).when(new CompleteOrder(ORDER, HOLD, false)).then(completed());
            assertThat(order.status()).isEqualTo(TicketOrder.Status.COMPLETED);
        }

        @Test
        void cannot_complete_without_a_confirmed_sale_of_its_own_hold() {
            spec.given(created()).when(new CompleteOrder(ORDER, OTHER_HOLD, false)).thenRejectedWith(NotThisOrdersSale.class);
        }

        @Test
        void cannot_complete_an_order_that_does_not_exist() {
            spec.given().when(new CompleteOrder(ORDER, HOLD, false)).thenRejectedWith(OrderNotFound.class);
        }

        @Test
        void completing_twice_changes_nothing() {
            spec.given(created(), completed()).when(new CompleteOrder(ORDER, HOLD, false)).thenNothingHappens();
        }

        @Test
        void a_sale_after_the_order_ended_unsold_cannot_stand_and_is_compensated_once() {
            spec.given(created(), cancelled("hold expired", false)).when(new CompleteOrder(ORDER, HOLD, false))
                    .then(cancelled("sold after the order had ended", true));
            spec.given(created(), cancelled("hold expired", false), cancelled("sold after the order had ended", true))
                    .when(new CompleteOrder(ORDER, HOLD, false)).thenNothingHappens();
        }

        @Test
        void a_sale_for_a_concert_known_to_be_cancelled_is_compensated_at_once_never_completed() {
            TicketOrder order = spec.given(created()).when(new CompleteOrder(ORDER, HOLD, true))
                    .then(cancelled("the concert was cancelled before the sale", true));
            assertThat(order.compensated()).isTrue();
            spec.given(created(), cancelled("hold cancelled: the concert was cancelled", false))
                    .when(new CompleteOrder(ORDER, HOLD, true))
                    .then(cancelled("the concert was cancelled before the sale", true));
            spec.given(created(), cancelled("the concert was cancelled before the sale", true))
                    .when(new CompleteOrder(ORDER, HOLD, true)).thenNothingHappens();
        }
    }

    @Nested
    class Cancel {

        @Test
        void an_open_order_is_cancelled_unsold_with_its_reason() {
            TicketOrder order = spec.given(created()).when(new CancelOrder(ORDER, "payment failed: card_declined"))
                    .then(cancelled("payment failed: card_declined", false));
            assertThat(order.status()).isEqualTo(TicketOrder.Status.CANCELLED);
            assertThat(order.compensated()).isFalse();
            assertThat(order.endReason()).isEqualTo("payment failed: card_declined");
        }

        @Test
        void a_completed_order_cannot_be_cancelled_only_compensated() {
            spec.given(created(), completed()).when(new CancelOrder(ORDER, "hold expired"))
                    .thenRejectedWith(OrderAlreadyCompleted.class);
        }

        @Test
        void cancelling_twice_changes_nothing() {
            spec.given(created(), cancelled("hold expired", false)).when(new CancelOrder(ORDER, "again"))
                    .thenNothingHappens();
        }

        @Test
        void cannot_cancel_an_order_that_does_not_exist() {
            spec.given().when(new CancelOrder(ORDER, "hold expired")).thenRejectedWith(OrderNotFound.class);
        }
    }

    @Nested
    class Compensate {

        @Test
        void a_sold_order_that_can_no_longer_stand_is_compensated() {
            TicketOrder order = spec.given(created(), completed())
                    .when(new CompensateOrder(ORDER, "the concert was cancelled"))
                    .then(cancelled("the concert was cancelled", true));
            assertThat(order.status()).isEqualTo(TicketOrder.Status.CANCELLED);
            assertThat(order.compensated()).isTrue();
        }

        @Test
        void an_order_cancelled_unsold_and_then_paid_is_compensated() {
            spec.given(created(), cancelled("hold expired", false))
                    .when(new CompensateOrder(ORDER, "paid after the order had ended unsold"))
                    .then(cancelled("paid after the order had ended unsold", true));
        }

        @Test
        void an_order_is_compensated_at_most_once() {
            spec.given(created(), completed(), cancelled("the concert was cancelled", true))
                    .when(new CompensateOrder(ORDER, "the concert was cancelled")).thenNothingHappens();
        }

        @Test
        void cannot_compensate_an_order_that_does_not_exist() {
            spec.given().when(new CompensateOrder(ORDER, "x")).thenRejectedWith(OrderNotFound.class);
        }
    }
}
