package tickets.reservations;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tickets.reservations.ReservationCommand.CancelReservation;
import tickets.reservations.ReservationCommand.ConfirmReservation;
import tickets.reservations.ReservationCommand.ReleaseHold;
import tickets.reservations.ReservationCommand.CreateReservation;
import tickets.reservations.ReservationCommand.ExpireReservation;
import tickets.reservations.ReservationCommand.RejectReservation;
import tickets.reservations.ReservationEvent.ReservationCancelled;
import tickets.reservations.ReservationEvent.ReservationConfirmed;
import tickets.reservations.ReservationEvent.ReservationCreated;
import tickets.reservations.ReservationEvent.ReservationExpired;
import tickets.reservations.ReservationEvent.ReservationRejected;
import tickets.reservations.ReservationRules.ReservationAlreadyExists;
import tickets.reservations.ReservationRules.ReservationNotActive;
import tickets.reservations.ReservationRules.ReservationNotConfirmable;
import tickets.reservations.ReservationRules.ReservationNotDue;
import tickets.reservations.ReservationRules.ReservationNotFound;
import tickets.reservations.ReservationRules.ReservationSold;
import tickets.testkit.AggregateSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The reservation aggregate's rules, read as Given/When/Then; no servers, the time comes in on the command. */
class ReservationTest {

    private static final UUID RESERVATION = UUID.fromString("00000000-0000-0000-0000-0000000e5e41");
    private static final UUID CART = UUID.fromString("00000000-0000-0000-0000-0000000ca471");
    private static final UUID USER = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID CONCERT = UUID.fromString("00000000-0000-0000-0000-00000000c0c1");

    private static final Instant EXPIRES_AT = Instant.parse("2026-06-01T18:15:00Z");
    private static final Instant BEFORE_EXPIRY = EXPIRES_AT.minusSeconds(1);
    private static final Instant AFTER_EXPIRY = EXPIRES_AT.plusSeconds(60);

    private static final List<ReservationLine> LINES = List.of(
            new ReservationLine("Regular", 2, 4_900),
            new ReservationLine("Golden Circle", 1, 14_900));

    private static final List<RejectedLine> REJECTED_LINES = List.of(
            new RejectedLine(CONCERT, "Golden Circle", 3, 1, "not enough tickets left"),
            new RejectedLine(CONCERT, "Regular", 2, 0, "sold out"));

    private final AggregateSpec<Reservation, ReservationCommand, ReservationEvent> spec =
            AggregateSpec.of(Reservation.INITIAL, Reservation::evolve, Reservation::decide);

    private static CreateReservation create() {
        return new CreateReservation(RESERVATION, CART, USER, CONCERT, LINES, "EUR", EXPIRES_AT, 1, null);
    }

    private static ReservationCreated created() {
        return new ReservationCreated(RESERVATION, CART, USER, CONCERT, LINES, "EUR", EXPIRES_AT, 1, null);
    }

    private static ReservationRejected rejected() {
        return new ReservationRejected(RESERVATION, CART, USER, REJECTED_LINES);
    }

    private static ReservationCancelled cancelled() {
        return new ReservationCancelled(RESERVATION, CART, USER, CONCERT, "changed my mind");
    }

    private static ReservationExpired expired() {
        return new ReservationExpired(RESERVATION, CART, USER, CONCERT);
    }

    private static final UUID PAYMENT = UUID.fromString("00000000-0000-0000-0000-0000000a9a41");

    private static ReservationConfirmed confirmed() {
        return new ReservationConfirmed(RESERVATION, CART, USER, CONCERT, LINES, PAYMENT);
    }

    private static Reservation active() {
        return new Reservation(RESERVATION, Reservation.Status.ACTIVE, CART, USER, CONCERT, LINES, "EUR", EXPIRES_AT, List.of());
    }

    @Nested
    class Create {

        @Test
        void a_new_reservation_is_created_with_all_its_fields() {
            Reservation after = spec.given()
                    .when(create())
                    .then(new ReservationCreated(RESERVATION, CART, USER, CONCERT, LINES, "EUR", EXPIRES_AT, 1, null));

            assertThat(after).isEqualTo(active());
        }

        @Test
        void the_created_event_keeps_its_own_copy_of_the_lines() {
            List<ReservationLine> lines = new ArrayList<>(LINES);
            List<ReservationEvent> events = Reservation.decide(
                    new CreateReservation(RESERVATION, CART, USER, CONCERT, lines, "EUR", EXPIRES_AT, 1, null),
                    Reservation.INITIAL);
            lines.clear();

            assertThat(events).singleElement()
                    .isInstanceOfSatisfying(ReservationCreated.class,
                            e -> assertThat(e.lines()).containsExactlyElementsOf(LINES));
        }

        @Test
        void cannot_create_a_reservation_twice() {
            spec.given(created())
                    .when(create())
                    .thenRejectedWith(ReservationAlreadyExists.class,
                            e -> assertThat(e).hasMessageContaining(RESERVATION.toString()));
        }

        @Test
        void cannot_create_a_reservation_again_after_it_was_rejected() {
            spec.given(rejected())
                    .when(create())
                    .thenRejectedWith(ReservationAlreadyExists.class);
        }

        @Test
        void cannot_create_a_reservation_again_after_it_was_cancelled() {
            spec.given(created(), cancelled())
                    .when(create())
                    .thenRejectedWith(ReservationAlreadyExists.class);
        }

        @Test
        void cannot_create_a_reservation_again_after_it_expired() {
            spec.given(created(), expired())
                    .when(create())
                    .thenRejectedWith(ReservationAlreadyExists.class);
        }
    }

    @Nested
    class Reject {

        @Test
        void a_rejection_is_recorded_with_its_reasons() {
            Reservation after = spec.given()
                    .when(new RejectReservation(RESERVATION, CART, USER, REJECTED_LINES))
                    .then(new ReservationRejected(RESERVATION, CART, USER, REJECTED_LINES));

            assertThat(after.status()).isEqualTo(Reservation.Status.REJECTED);
            assertThat(after.id()).isEqualTo(RESERVATION);
            assertThat(after.cartId()).isEqualTo(CART);
            assertThat(after.userId()).isEqualTo(USER);
        }

        @Test
        void cannot_reject_a_reservation_that_already_exists() {
            spec.given(created())
                    .when(new RejectReservation(RESERVATION, CART, USER, REJECTED_LINES))
                    .thenRejectedWith(ReservationAlreadyExists.class);
        }

        @Test
        void cannot_reject_the_same_stream_twice() {
            spec.given(rejected())
                    .when(new RejectReservation(RESERVATION, CART, USER, REJECTED_LINES))
                    .thenRejectedWith(ReservationAlreadyExists.class);
        }
    }

    @Nested
    class Cancel {

        @Test
        void an_active_reservation_is_cancelled_with_its_cart_user_and_concert_and_the_reason() {
            Reservation after = spec.given(created())
                    .when(new CancelReservation(RESERVATION, "changed my mind"))
                    .then(new ReservationCancelled(RESERVATION, CART, USER, CONCERT, "changed my mind"));

            assertThat(after.status()).isEqualTo(Reservation.Status.CANCELLED);
        }

        @Test
        void cancelling_twice_changes_nothing() {
            spec.given(created(), cancelled())
                    .when(new CancelReservation(RESERVATION, "changed my mind again"))
                    .thenNothingHappens();
        }

        @Test
        void cannot_cancel_a_reservation_that_does_not_exist() {
            spec.given()
                    .when(new CancelReservation(RESERVATION, "changed my mind"))
                    .thenRejectedWith(ReservationNotFound.class,
                            e -> assertThat(e).hasMessageContaining(RESERVATION.toString()));
        }

        @Test
        void cannot_cancel_an_expired_reservation() {
            spec.given(created(), expired())
                    .when(new CancelReservation(RESERVATION, "too late"))
                    .thenRejectedWith(ReservationNotActive.class,
                            e -> assertThat(e).hasMessageContaining("expired"));
        }

        @Test
        void cannot_cancel_a_rejected_reservation() {
            spec.given(rejected())
                    .when(new CancelReservation(RESERVATION, "never had it"))
                    .thenRejectedWith(ReservationNotActive.class,
                            e -> assertThat(e).hasMessageContaining("rejected"));
        }
    }

    @Nested
    class Confirm {

        @Test
        void a_paid_hold_is_sold_with_its_lines() {
            Reservation after = spec.given(created())
                    .when(new ConfirmReservation(RESERVATION, PAYMENT))
                    .then(confirmed());

            assertThat(after.status()).isEqualTo(Reservation.Status.CONFIRMED);
            assertThat(after.lines()).isEqualTo(LINES);
        }

        @Test
        void confirming_twice_changes_nothing() {
            spec.given(created(), confirmed())
                    .when(new ConfirmReservation(RESERVATION, PAYMENT))
                    .thenNothingHappens();
        }

        @Test
        void a_hold_that_expired_cannot_be_sold() {
            spec.given(created(), expired())
                    .when(new ConfirmReservation(RESERVATION, PAYMENT))
                    .thenRejectedWith(ReservationNotConfirmable.class, e -> assertThat(e).hasMessageContaining("expired"));
        }

        @Test
        void a_hold_that_was_cancelled_cannot_be_sold() {
            spec.given(created(), cancelled())
                    .when(new ConfirmReservation(RESERVATION, PAYMENT))
                    .thenRejectedWith(ReservationNotConfirmable.class, e -> assertThat(e).hasMessageContaining("cancelled"));
        }

        @Test
        void a_rejection_cannot_be_sold() {
            spec.given(rejected())
                    .when(new ConfirmReservation(RESERVATION, PAYMENT))
                    .thenRejectedWith(ReservationNotConfirmable.class);
        }

        @Test
        void a_hold_that_does_not_exist_cannot_be_sold() {
            spec.given()
                    .when(new ConfirmReservation(RESERVATION, PAYMENT))
                    .thenRejectedWith(ReservationNotFound.class);
        }

        @Test
        void a_sold_hold_never_expires() {
            spec.given(created(), confirmed())
                    .when(new ExpireReservation(RESERVATION, AFTER_EXPIRY))
                    .thenNothingHappens();
        }

        @Test
        void the_customer_cannot_cancel_a_sold_hold() {
            spec.given(created(), confirmed())
                    .when(new CancelReservation(RESERVATION, "changed my mind"))
                    .thenRejectedWith(ReservationSold.class, e -> assertThat(e).hasMessageContaining("sold"));
        }
    }

    @Nested
    class Release {

        @Test
        void a_held_hold_is_released_with_the_sagas_reason() {
            Reservation after = spec.given(created())
                    .when(new ReleaseHold(RESERVATION, "the concert was cancelled"))
                    .then(new ReservationCancelled(RESERVATION, CART, USER, CONCERT, "the concert was cancelled"));

            assertThat(after.status()).isEqualTo(Reservation.Status.CANCELLED);
        }

        @Test
        void a_sold_hold_is_not_released() {
            spec.given(created(), confirmed())
                    .when(new ReleaseHold(RESERVATION, "order cancelled"))
                    .thenNothingHappens();
        }

        @Test
        void a_hold_that_already_ended_is_not_released_again() {
            spec.given(created(), expired())
                    .when(new ReleaseHold(RESERVATION, "order cancelled"))
                    .thenNothingHappens();
            spec.given(created(), cancelled())
                    .when(new ReleaseHold(RESERVATION, "order cancelled"))
                    .thenNothingHappens();
            spec.given(rejected())
                    .when(new ReleaseHold(RESERVATION, "order cancelled"))
                    .thenNothingHappens();
        }

        @Test
        void a_hold_that_does_not_exist_cannot_be_released() {
            spec.given()
                    .when(new ReleaseHold(RESERVATION, "order cancelled"))
                    .thenRejectedWith(ReservationNotFound.class);
        }
    }

    @Nested
    class Expire {

        @Test
        void an_active_reservation_expires_exactly_at_its_expiry_time() {
            Reservation after = spec.given(created())
                    .when(new ExpireReservation(RESERVATION, EXPIRES_AT))
                    .then(new ReservationExpired(RESERVATION, CART, USER, CONCERT));

            assertThat(after.status()).isEqualTo(Reservation.Status.EXPIRED);
        }

        @Test
        void an_active_reservation_expires_after_its_expiry_time() {
            spec.given(created())
                    .when(new ExpireReservation(RESERVATION, AFTER_EXPIRY))
                    .then(new ReservationExpired(RESERVATION, CART, USER, CONCERT));
        }

        @Test
        void cannot_expire_a_reservation_still_within_its_hold_time() {
            spec.given(created())
                    .when(new ExpireReservation(RESERVATION, BEFORE_EXPIRY))
                    .thenRejectedWith(ReservationNotDue.class,
                            e -> assertThat(e).hasMessageContaining(RESERVATION.toString()));
        }

        @Test
        void expiring_a_cancelled_reservation_changes_nothing() {
            spec.given(created(), cancelled())
                    .when(new ExpireReservation(RESERVATION, AFTER_EXPIRY))
                    .thenNothingHappens();
        }

        @Test
        void expiring_twice_changes_nothing() {
            spec.given(created(), expired())
                    .when(new ExpireReservation(RESERVATION, AFTER_EXPIRY))
                    .thenNothingHappens();
        }

        @Test
        void expiring_a_rejected_reservation_changes_nothing() {
            spec.given(rejected())
                    .when(new ExpireReservation(RESERVATION, AFTER_EXPIRY))
                    .thenNothingHappens();
        }

        @Test
        void expiring_a_reservation_that_does_not_exist_changes_nothing() {
            spec.given()
                    .when(new ExpireReservation(RESERVATION, AFTER_EXPIRY))
                    .thenNothingHappens();
        }
    }

    @Nested
    class Evolve {

        @Test
        void the_initial_state_is_a_reservation_that_does_not_exist() {
            assertThat(Reservation.INITIAL).isEqualTo(
                    new Reservation(null, Reservation.Status.NOT_CREATED, null, null, null, List.of(), null, null, List.of()));
        }

        @Test
        void a_created_reservation_is_active_with_everything_from_the_event() {
            assertThat(spec.stateAfter(created())).isEqualTo(active());
        }

        @Test
        void a_rejected_reservation_keeps_its_cart_and_user_but_holds_nothing() {
            assertThat(spec.stateAfter(rejected())).isEqualTo(
                    new Reservation(RESERVATION, Reservation.Status.REJECTED, CART, USER, null, List.of(), null, null, REJECTED_LINES));
        }

        @Test
        void a_cancelled_reservation_keeps_its_lines_concert_and_expiry() {
            assertThat(spec.stateAfter(created(), cancelled())).isEqualTo(
                    new Reservation(RESERVATION, Reservation.Status.CANCELLED, CART, USER, CONCERT, LINES, "EUR", EXPIRES_AT, List.of()));
        }

        @Test
        void an_expired_reservation_keeps_its_lines_concert_and_expiry() {
            assertThat(spec.stateAfter(created(), expired())).isEqualTo(
                    new Reservation(RESERVATION, Reservation.Status.EXPIRED, CART, USER, CONCERT, LINES, "EUR", EXPIRES_AT, List.of()));
        }
    }
}
