package tickets.carts;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tickets.carts.CartCommand.AddTicketToCart;
import tickets.carts.CartCommand.ClearCart;
import tickets.carts.CartCommand.ConfirmCart;
import tickets.carts.CartCommand.CreateCart;
import tickets.carts.CartCommand.RemoveTicketFromCart;
import tickets.carts.CartEvent.CartCleared;
import tickets.carts.CartEvent.CartConfirmed;
import tickets.carts.CartEvent.CartCreated;
import tickets.carts.CartEvent.ConfirmedLine;
import tickets.carts.CartEvent.TicketAddedToCart;
import tickets.carts.CartEvent.TicketRemovedFromCart;
import tickets.carts.CartRules.CartAlreadyConfirmed;
import tickets.carts.CartRules.CartAlreadyExists;
import tickets.carts.CartRules.CartIsEmpty;
import tickets.carts.CartRules.CartNotFound;
import tickets.carts.CartRules.ConcertCancelled;
import tickets.carts.CartRules.MixedCurrencies;
import tickets.carts.CartRules.OverPerOrderLimit;
import tickets.carts.CartRules.UnknownTicketLevel;
import tickets.contracts.Money;
import tickets.contracts.ShippingAddress;
import tickets.contracts.concerts.ConcertsIntegrationEvent.DeliveryMethod;
import tickets.eventsourcing.ValidationException;
import tickets.eventsourcing.ValidationException.FieldError;
import tickets.testkit.AggregateSpec;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cart aggregate's rules, read as Given/When/Then; no servers, the catalog comes in on the command. */
class CartTest {

    private static final UUID CART = UUID.fromString("00000000-0000-0000-0000-0000000ca471");
    private static final UUID CONCERT = UUID.fromString("00000000-0000-0000-0000-00000000c0c1");
    private static final UUID OTHER_CONCERT = UUID.fromString("00000000-0000-0000-0000-00000000c0c2");
    private static final UUID USER = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID OTHER_USER = UUID.fromString("00000000-0000-0000-0000-0000000000b2");

    private static final int LIMIT = 10;

    private static final CatalogEntry REGULAR = new CatalogEntry(CONCERT, "Regular", false, Money.of(4_900, "EUR"), DeliveryMethod.ONLINE);
    private static final CatalogEntry GOLDEN_CIRCLE = new CatalogEntry(CONCERT, "Golden Circle", false, Money.of(14_900, "EUR"), DeliveryMethod.ONLINE);
    private static final CatalogEntry OTHER_REGULAR = new CatalogEntry(OTHER_CONCERT, "Regular", false, Money.of(3_900, "EUR"), DeliveryMethod.ONLINE);

    private final AggregateSpec<Cart, CartCommand, CartEvent> spec =
            AggregateSpec.of(Cart.INITIAL, Cart::evolve, Cart::decide);

    private static CartCreated created() {
        return new CartCreated(CART);
    }

    private static TicketAddedToCart added(UUID concertId, String level, int quantity) {
        return new TicketAddedToCart(CART, concertId, level, quantity);
    }

    private static AddTicketToCart add(UUID concertId, String level, int quantity, CatalogEntry catalog) {
        return new AddTicketToCart(CART, new CartLine(concertId, level, quantity), catalog, LIMIT);
    }

    private static CatalogEntry cancelled(CatalogEntry entry) {
        return new CatalogEntry(entry.concertId(), entry.ticketLevel(), true, entry.unitPrice(), entry.deliveryMethod());
    }

    private static CartConfirmed confirmedRegular(UUID userId) {
        return new CartConfirmed(CART, userId, List.of(new ConfirmedLine(CONCERT, "Regular", 2, 4_900)), 9_800, "EUR", null);
    }

    @Nested
    class Create {

        @Test
        void a_new_cart_is_created_open_and_empty() {
            Cart after = spec.given()
                    .when(new CreateCart(CART))
                    .then(new CartCreated(CART));

            assertThat(after).isEqualTo(new Cart(CART, Cart.Status.OPEN, List.of(), null, List.of(), null));
        }

        @Test
        void cannot_create_a_cart_twice() {
            spec.given(created())
                    .when(new CreateCart(CART))
                    .thenRejectedWith(CartAlreadyExists.class);
        }

        @Test
        void cannot_create_a_cart_again_after_it_was_confirmed() {
            spec.given(created(), added(CONCERT, "Regular", 2), confirmedRegular(USER))
                    .when(new CreateCart(CART))
                    .thenRejectedWith(CartAlreadyExists.class);
        }
    }

    @Nested
    class AddTicket {

        @Test
        void tickets_are_added_as_a_new_line() {
            Cart after = spec.given(created())
                    .when(add(CONCERT, "Regular", 2, REGULAR))
                    .then(added(CONCERT, "Regular", 2));

            assertThat(after.lines()).containsExactly(new CartLine(CONCERT, "Regular", 2));
        }

        @Test
        void the_line_takes_the_catalogs_spelling_of_the_level_name() {
            Cart after = spec.given(created())
                    .when(add(CONCERT, "  golden CIRCLE ", 1, GOLDEN_CIRCLE))
                    .then(added(CONCERT, "Golden Circle", 1));

            assertThat(after.lines()).containsExactly(new CartLine(CONCERT, "Golden Circle", 1));
        }

        @Test
        void a_second_add_of_the_same_level_grows_its_one_line() {
            Cart after = spec.given(created(), added(CONCERT, "Regular", 2))
                    .when(add(CONCERT, "Regular", 3, REGULAR))
                    .then(added(CONCERT, "Regular", 3));

            assertThat(after.lines()).containsExactly(new CartLine(CONCERT, "Regular", 5));
        }

        @Test
        void a_second_add_of_the_same_level_in_other_case_grows_its_one_line() {
            Cart after = spec.given(created(), added(CONCERT, "Regular", 2))
                    .when(add(CONCERT, "REGULAR", 3, REGULAR))
                    .then(added(CONCERT, "Regular", 3));

            assertThat(after.lines()).containsExactly(new CartLine(CONCERT, "Regular", 5));
        }

        @Test
        void an_added_event_in_other_case_merges_into_the_existing_line() {
            Cart state = spec.stateAfter(created(), added(CONCERT, "Regular", 2), added(CONCERT, "regular", 1));

            assertThat(state.lines()).containsExactly(new CartLine(CONCERT, "Regular", 3));
            assertThat(state.quantityOf(CONCERT, "REGULAR")).isEqualTo(3);
        }

        @Test
        void different_levels_and_concerts_get_lines_of_their_own() {
            Cart after = spec.given(created(), added(CONCERT, "Regular", 2), added(CONCERT, "Golden Circle", 1))
                    .when(add(OTHER_CONCERT, "Regular", 4, OTHER_REGULAR))
                    .then(added(OTHER_CONCERT, "Regular", 4));

            assertThat(after.lines()).containsExactly(
                    new CartLine(CONCERT, "Regular", 2),
                    new CartLine(CONCERT, "Golden Circle", 1),
                    new CartLine(OTHER_CONCERT, "Regular", 4));
        }

        @Test
        void cannot_add_a_level_the_catalog_does_not_know() {
            spec.given(created())
                    .when(add(CONCERT, "Backstage", 1, null))
                    .thenRejectedWith(UnknownTicketLevel.class);
        }

        @Test
        void cannot_add_tickets_of_a_cancelled_concert() {
            spec.given(created())
                    .when(add(CONCERT, "Regular", 1, cancelled(REGULAR)))
                    .thenRejectedWith(ConcertCancelled.class);
        }

        @Test
        void cannot_add_more_than_the_per_order_limit_at_once() {
            spec.given(created())
                    .when(add(CONCERT, "Regular", LIMIT + 1, REGULAR))
                    .thenRejectedWith(OverPerOrderLimit.class);
        }

        @Test
        void exactly_the_per_order_limit_is_accepted() {
            Cart after = spec.given(created())
                    .when(add(CONCERT, "Regular", LIMIT, REGULAR))
                    .then(added(CONCERT, "Regular", LIMIT));

            assertThat(after.lines()).containsExactly(new CartLine(CONCERT, "Regular", LIMIT));
        }

        @Test
        void the_per_order_limit_counts_the_tickets_already_in_the_cart() {
            spec.given(created(), added(CONCERT, "Regular", 7))
                    .when(add(CONCERT, "regular", 4, REGULAR))
                    .thenRejectedWith(OverPerOrderLimit.class);
        }

        @Test
        void topping_a_line_up_to_exactly_the_per_order_limit_is_accepted() {
            Cart after = spec.given(created(), added(CONCERT, "Regular", 7))
                    .when(add(CONCERT, "Regular", 3, REGULAR))
                    .then(added(CONCERT, "Regular", 3));

            assertThat(after.lines()).containsExactly(new CartLine(CONCERT, "Regular", LIMIT));
        }

        @Test
        void the_per_order_limit_applies_per_level() {
            spec.given(created(), added(CONCERT, "Regular", LIMIT))
                    .when(add(CONCERT, "Golden Circle", LIMIT, GOLDEN_CIRCLE))
                    .then(added(CONCERT, "Golden Circle", LIMIT));
        }

        @Test
        void cannot_add_tickets_to_a_cart_that_does_not_exist() {
            spec.given()
                    .when(add(CONCERT, "Regular", 1, REGULAR))
                    .thenRejectedWith(CartNotFound.class);
        }

        @Test
        void cannot_add_tickets_to_a_confirmed_cart() {
            spec.given(created(), added(CONCERT, "Regular", 2), confirmedRegular(USER))
                    .when(add(CONCERT, "Golden Circle", 1, GOLDEN_CIRCLE))
                    .thenRejectedWith(CartAlreadyConfirmed.class);
        }
    }

    @Nested
    class RemoveTicket {

        @Test
        void a_line_is_removed() {
            Cart after = spec.given(created(), added(CONCERT, "Regular", 2), added(CONCERT, "Golden Circle", 1))
                    .when(new RemoveTicketFromCart(CART, CONCERT, "Regular"))
                    .then(new TicketRemovedFromCart(CART, CONCERT, "Regular"));

            assertThat(after.lines()).containsExactly(new CartLine(CONCERT, "Golden Circle", 1));
        }

        @Test
        void the_level_to_remove_is_matched_ignoring_case_and_named_as_in_the_cart() {
            Cart after = spec.given(created(), added(CONCERT, "Golden Circle", 2))
                    .when(new RemoveTicketFromCart(CART, CONCERT, "GOLDEN circle"))
                    .then(new TicketRemovedFromCart(CART, CONCERT, "Golden Circle"));

            assertThat(after.lines()).isEmpty();
        }

        @Test
        void only_the_line_of_that_concert_is_removed() {
            Cart after = spec.given(created(), added(CONCERT, "Regular", 2), added(OTHER_CONCERT, "Regular", 3))
                    .when(new RemoveTicketFromCart(CART, OTHER_CONCERT, "Regular"))
                    .then(new TicketRemovedFromCart(CART, OTHER_CONCERT, "Regular"));

            assertThat(after.lines()).containsExactly(new CartLine(CONCERT, "Regular", 2));
        }

        @Test
        void removing_a_line_that_is_not_in_the_cart_changes_nothing() {
            spec.given(created(), added(CONCERT, "Regular", 2))
                    .when(new RemoveTicketFromCart(CART, CONCERT, "Golden Circle"))
                    .thenNothingHappens();
        }

        @Test
        void removing_from_an_empty_cart_changes_nothing() {
            spec.given(created())
                    .when(new RemoveTicketFromCart(CART, CONCERT, "Regular"))
                    .thenNothingHappens();
        }

        @Test
        void cannot_remove_from_a_cart_that_does_not_exist() {
            spec.given()
                    .when(new RemoveTicketFromCart(CART, CONCERT, "Regular"))
                    .thenRejectedWith(CartNotFound.class);
        }

        @Test
        void cannot_remove_from_a_confirmed_cart() {
            spec.given(created(), added(CONCERT, "Regular", 2), confirmedRegular(USER))
                    .when(new RemoveTicketFromCart(CART, CONCERT, "Regular"))
                    .thenRejectedWith(CartAlreadyConfirmed.class);
        }
    }

    @Nested
    class Clear {

        @Test
        void a_cart_with_lines_is_cleared() {
            Cart after = spec.given(created(), added(CONCERT, "Regular", 2), added(OTHER_CONCERT, "Regular", 1))
                    .when(new ClearCart(CART))
                    .then(new CartCleared(CART));

            assertThat(after.lines()).isEmpty();
            assertThat(after.status()).isEqualTo(Cart.Status.OPEN);
        }

        @Test
        void clearing_an_empty_cart_changes_nothing() {
            spec.given(created())
                    .when(new ClearCart(CART))
                    .thenNothingHappens();
        }

        @Test
        void clearing_a_cart_emptied_by_removal_changes_nothing() {
            spec.given(created(), added(CONCERT, "Regular", 2), new TicketRemovedFromCart(CART, CONCERT, "Regular"))
                    .when(new ClearCart(CART))
                    .thenNothingHappens();
        }

        @Test
        void cannot_clear_a_cart_that_does_not_exist() {
            spec.given()
                    .when(new ClearCart(CART))
                    .thenRejectedWith(CartNotFound.class);
        }

        @Test
        void cannot_clear_a_confirmed_cart() {
            spec.given(created(), added(CONCERT, "Regular", 2), confirmedRegular(USER))
                    .when(new ClearCart(CART))
                    .thenRejectedWith(CartAlreadyConfirmed.class);
        }
    }

    @Nested
    class Confirm {

        @Test
        void the_lines_are_priced_from_the_catalog_and_totalled() {
            spec.given(created(), added(CONCERT, "Regular", 2), added(CONCERT, "Golden Circle", 3))
                    .when(new ConfirmCart(CART, USER, List.of(REGULAR, GOLDEN_CIRCLE), null))
                    .then(new CartConfirmed(CART, USER, List.of(
                            new ConfirmedLine(CONCERT, "Regular", 2, 4_900),
                            new ConfirmedLine(CONCERT, "Golden Circle", 3, 14_900)),
                            2 * 4_900 + 3 * 14_900, "EUR", null));
        }

        @Test
        void a_cart_with_a_printed_level_is_confirmed_with_the_address_to_post_it_to() {
            CatalogEntry printed = new CatalogEntry(CONCERT, "Golden Circle", false, Money.of(14_900, "EUR"),
                    DeliveryMethod.PRINTED);
            ShippingAddress home = new ShippingAddress("Ada Lovelace", "1 Analytical Way", null, "10115", "Berlin", "DE");
            spec.given(created(), added(CONCERT, "Regular", 2), added(CONCERT, "Golden Circle", 1))
                    .when(new ConfirmCart(CART, USER, List.of(REGULAR, printed), home))
                    .then(new CartConfirmed(CART, USER, List.of(
                            new ConfirmedLine(CONCERT, "Regular", 2, 4_900),
                            new ConfirmedLine(CONCERT, "Golden Circle", 1, 14_900)),
                            2 * 4_900 + 14_900, "EUR", home));
        }

        @Test
        void a_cart_with_a_printed_level_and_no_address_is_refused() {
            CatalogEntry printed = new CatalogEntry(CONCERT, "Golden Circle", false, Money.of(14_900, "EUR"),
                    DeliveryMethod.PRINTED);
            spec.given(created(), added(CONCERT, "Regular", 2), added(CONCERT, "Golden Circle", 1))
                    .when(new ConfirmCart(CART, USER, List.of(REGULAR, printed), null))
                    .thenRejectedWith(CartRules.ShippingAddressRequired.class);
        }

        @Test
        void an_address_given_for_online_tickets_only_is_not_kept() {
            ShippingAddress home = new ShippingAddress("Ada Lovelace", "1 Analytical Way", null, "10115", "Berlin", "DE");
            spec.given(created(), added(CONCERT, "Regular", 2))
                    .when(new ConfirmCart(CART, USER, List.of(REGULAR), home))
                    .then(confirmedRegular(USER));
        }

        @Test
        void a_printed_level_of_the_catalog_that_is_not_in_the_cart_needs_no_address() {
            CatalogEntry printed = new CatalogEntry(CONCERT, "Golden Circle", false, Money.of(14_900, "EUR"),
                    DeliveryMethod.PRINTED);
            spec.given(created(), added(CONCERT, "Regular", 2))
                    .when(new ConfirmCart(CART, USER, List.of(REGULAR, printed), null))
                    .then(confirmedRegular(USER));
        }

        @Test
        void the_catalog_order_and_extra_entries_do_not_matter() {
            spec.given(created(), added(OTHER_CONCERT, "Regular", 1), added(CONCERT, "Regular", 2))
                    .when(new ConfirmCart(CART, USER, List.of(GOLDEN_CIRCLE, REGULAR, OTHER_REGULAR), null))
                    .then(new CartConfirmed(CART, USER, List.of(
                            new ConfirmedLine(OTHER_CONCERT, "Regular", 1, 3_900),
                            new ConfirmedLine(CONCERT, "Regular", 2, 4_900)),
                            3_900 + 2 * 4_900, "EUR", null));
        }

        @Test
        void a_catalog_entry_matches_a_line_ignoring_case() {
            CatalogEntry shouting = new CatalogEntry(CONCERT, "REGULAR", false, Money.of(4_900, "EUR"), DeliveryMethod.ONLINE);

            spec.given(created(), added(CONCERT, "Regular", 2))
                    .when(new ConfirmCart(CART, USER, List.of(shouting), null))
                    .then(confirmedRegular(USER));
        }

        @Test
        void the_current_catalog_price_is_used() {
            CatalogEntry dearer = new CatalogEntry(CONCERT, "Regular", false, Money.of(5_900, "EUR"), DeliveryMethod.ONLINE);

            spec.given(created(), added(CONCERT, "Regular", 2))
                    .when(new ConfirmCart(CART, USER, List.of(dearer), null))
                    .then(new CartConfirmed(CART, USER, List.of(new ConfirmedLine(CONCERT, "Regular", 2, 5_900)),
                            11_800, "EUR", null));
        }

        @Test
        void free_tickets_total_zero() {
            CatalogEntry free = new CatalogEntry(CONCERT, "Regular", false, Money.of(0, "EUR"), DeliveryMethod.ONLINE);

            spec.given(created(), added(CONCERT, "Regular", 2))
                    .when(new ConfirmCart(CART, USER, List.of(free), null))
                    .then(new CartConfirmed(CART, USER, List.of(new ConfirmedLine(CONCERT, "Regular", 2, 0)), 0, "EUR", null));
        }

        @Test
        void cannot_confirm_an_empty_cart() {
            spec.given(created())
                    .when(new ConfirmCart(CART, USER, List.of(REGULAR), null))
                    .thenRejectedWith(CartIsEmpty.class);
        }

        @Test
        void cannot_confirm_a_cleared_cart() {
            spec.given(created(), added(CONCERT, "Regular", 2), new CartCleared(CART))
                    .when(new ConfirmCart(CART, USER, List.of(REGULAR), null))
                    .thenRejectedWith(CartIsEmpty.class);
        }

        @Test
        void cannot_confirm_a_line_the_catalog_no_longer_knows() {
            spec.given(created(), added(CONCERT, "Regular", 2), added(CONCERT, "Golden Circle", 1))
                    .when(new ConfirmCart(CART, USER, List.of(REGULAR), null))
                    .thenRejectedWith(UnknownTicketLevel.class);
        }

        @Test
        void a_catalog_entry_of_another_concert_does_not_price_a_line() {
            spec.given(created(), added(CONCERT, "Regular", 2))
                    .when(new ConfirmCart(CART, USER, List.of(OTHER_REGULAR), null))
                    .thenRejectedWith(UnknownTicketLevel.class);
        }

        @Test
        void cannot_confirm_tickets_of_a_concert_cancelled_since_they_were_added() {
            spec.given(created(), added(CONCERT, "Regular", 2), added(OTHER_CONCERT, "Regular", 1))
                    .when(new ConfirmCart(CART, USER, List.of(REGULAR, cancelled(OTHER_REGULAR)), null))
                    .thenRejectedWith(ConcertCancelled.class);
        }

        @Test
        void cannot_confirm_tickets_priced_in_two_currencies() {
            CatalogEntry inFrancs = new CatalogEntry(OTHER_CONCERT, "Regular", false, Money.of(4_500, "CHF"), DeliveryMethod.ONLINE);

            spec.given(created(), added(CONCERT, "Regular", 2), added(OTHER_CONCERT, "Regular", 1))
                    .when(new ConfirmCart(CART, USER, List.of(REGULAR, inFrancs), null))
                    .thenRejectedWith(MixedCurrencies.class);
        }

        @Test
        void confirming_twice_by_the_same_user_changes_nothing() {
            spec.given(created(), added(CONCERT, "Regular", 2), confirmedRegular(USER))
                    .when(new ConfirmCart(CART, USER, List.of(REGULAR), null))
                    .thenNothingHappens();
        }

        @Test
        void another_customer_confirming_a_confirmed_cart_is_refused_as_not_theirs() {
            spec.given(created(), added(CONCERT, "Regular", 2), confirmedRegular(USER))
                    .when(new ConfirmCart(CART, OTHER_USER, List.of(REGULAR), null))
                    .thenRejectedWith(CartRules.CartOfAnotherCustomer.class);
        }

        @Test
        void a_total_beyond_what_money_can_hold_is_refused_not_overflowed() {
            CatalogEntry nearTheLimit = new CatalogEntry(CONCERT, "Regular", false,
                    Money.of(Money.MAX_AMOUNT_MINOR / 2 + 1, "EUR"), DeliveryMethod.ONLINE);
            spec.given(created(), added(CONCERT, "Regular", 2))
                    .when(new ConfirmCart(CART, USER, List.of(nearTheLimit), null))
                    .thenRejectedWith(CartRules.TotalTooLarge.class);
        }

        @Test
        void a_cart_holds_at_most_twenty_different_levels() {
            java.util.List<CartEvent> history = new java.util.ArrayList<>(List.of(created()));
            for (int i = 0; i < Cart.MAX_LINES; i++) {
                history.add(added(CONCERT, "Level " + i, 1));
            }
            spec.given(history.toArray(CartEvent[]::new))
                    .when(add(CONCERT, "One more", 1, new CatalogEntry(CONCERT, "One more", false, Money.of(100, "EUR"), DeliveryMethod.ONLINE)))
                    .thenRejectedWith(CartRules.TooManyLines.class);
        }

        @Test
        void cannot_confirm_a_cart_that_does_not_exist() {
            spec.given()
                    .when(new ConfirmCart(CART, USER, List.of(REGULAR), null))
                    .thenRejectedWith(CartNotFound.class);
        }

        @Test
        void a_confirmed_cart_is_closed_with_its_user_and_priced_lines() {
            Cart after = spec.given(created(), added(CONCERT, "Regular", 2))
                    .when(new ConfirmCart(CART, USER, List.of(REGULAR), null))
                    .then(confirmedRegular(USER));

            assertThat(after.status()).isEqualTo(Cart.Status.CONFIRMED);
            assertThat(after.userId()).isEqualTo(USER);
            assertThat(after.confirmedLines()).containsExactly(new ConfirmedLine(CONCERT, "Regular", 2, 4_900));
            assertThat(after.lines()).containsExactly(new CartLine(CONCERT, "Regular", 2));
        }
    }

    @Nested
    class Evolve {

        @Test
        void the_initial_state_is_a_cart_that_does_not_exist() {
            assertThat(Cart.INITIAL.status()).isEqualTo(Cart.Status.NOT_CREATED);
            assertThat(Cart.INITIAL.id()).isNull();
            assertThat(Cart.INITIAL.lines()).isEmpty();
            assertThat(Cart.INITIAL.userId()).isNull();
            assertThat(Cart.INITIAL.confirmedLines()).isEmpty();
        }

        @Test
        void a_created_cart_is_open_and_empty() {
            assertThat(spec.stateAfter(created()))
                    .isEqualTo(new Cart(CART, Cart.Status.OPEN, List.of(), null, List.of(), null));
        }

        @Test
        void a_confirmation_records_status_user_and_confirmed_lines() {
            Cart state = spec.stateAfter(created(), added(CONCERT, "Regular", 2), confirmedRegular(USER));

            assertThat(state).isEqualTo(new Cart(CART, Cart.Status.CONFIRMED,
                    List.of(new CartLine(CONCERT, "Regular", 2)), USER,
                    List.of(new ConfirmedLine(CONCERT, "Regular", 2, 4_900)), Money.of(9_800, "EUR")));
        }

        @Test
        void the_lines_of_the_state_cannot_be_changed_from_outside() {
            Cart state = spec.stateAfter(created(), added(CONCERT, "Regular", 2));

            assertThatThrownBy(() -> state.lines().add(new CartLine(CONCERT, "Golden Circle", 1)))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class Validation {

        @Test
        void a_line_needs_at_least_one_ticket() {
            assertInvalid(() -> new CartLine(CONCERT, "Regular", 0), "quantity");
        }

        @Test
        void a_line_cannot_have_a_negative_quantity() {
            assertInvalid(() -> new CartLine(CONCERT, "Regular", -1), "quantity");
        }

        @Test
        void a_line_needs_a_concert() {
            assertInvalid(() -> new CartLine(null, "Regular", 1), "concertId");
        }

        @Test
        void a_line_needs_a_ticket_level() {
            assertInvalid(() -> new CartLine(CONCERT, "   ", 1), "ticketLevel");
            assertInvalid(() -> new CartLine(CONCERT, null, 1), "ticketLevel");
        }

        @Test
        void a_line_level_name_is_stripped() {
            assertThat(new CartLine(CONCERT, "  Regular \t", 1)).isEqualTo(new CartLine(CONCERT, "Regular", 1));
        }

        @Test
        void commands_need_a_cart_id() {
            assertInvalid(() -> new CreateCart(null), "cartId");
            assertInvalid(() -> new ClearCart(null), "cartId");
            assertInvalid(() -> new AddTicketToCart(null, new CartLine(CONCERT, "Regular", 1), REGULAR, LIMIT),
                    "cartId");
            assertInvalid(() -> new RemoveTicketFromCart(null, CONCERT, "Regular"), "cartId");
            assertInvalid(() -> new ConfirmCart(null, USER, List.of(REGULAR), null), "cartId");
        }

        @Test
        void an_add_needs_a_line() {
            assertInvalid(() -> new AddTicketToCart(CART, null, REGULAR, LIMIT), "line");
        }

        @Test
        void a_removal_needs_a_concert_and_a_level() {
            assertInvalid(() -> new RemoveTicketFromCart(CART, null, "Regular"), "concertId");
            assertInvalid(() -> new RemoveTicketFromCart(CART, CONCERT, " "), "ticketLevel");
        }

        @Test
        void a_confirmation_needs_a_user() {
            assertInvalid(() -> new ConfirmCart(CART, null, List.of(REGULAR), null), "userId");
        }

        private void assertInvalid(Runnable construction, String field) {
            assertThatThrownBy(construction::run)
                    .isInstanceOf(ValidationException.class)
                    .satisfies(e -> assertThat(((ValidationException) e).errors())
                            .extracting(FieldError::field)
                            .containsExactly(field));
        }
    }
}
