package tickets.concerts;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tickets.concerts.ConcertCommand.CancelConcert;
import tickets.concerts.ConcertCommand.ConcertDetails;
import tickets.concerts.ConcertCommand.CreateConcert;
import tickets.concerts.ConcertCommand.UpdateConcert;
import tickets.concerts.ConcertCommand.UpdateTicketLevels;
import tickets.concerts.ConcertEvent.ConcertCancelled;
import tickets.concerts.ConcertEvent.ConcertCreated;
import tickets.concerts.ConcertEvent.ConcertUpdated;
import tickets.concerts.ConcertEvent.TicketLevelsUpdated;
import tickets.concerts.ConcertRules.ConcertAlreadyCancelled;
import tickets.concerts.ConcertRules.ConcertAlreadyExists;
import tickets.concerts.ConcertRules.ConcertMustStartInTheFuture;
import tickets.concerts.ConcertRules.ConcertNotFound;
import tickets.contracts.InvalidValue;
import tickets.contracts.Money;
import tickets.eventsourcing.ValidationException;
import tickets.eventsourcing.ValidationException.FieldError;
import tickets.testkit.AggregateSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The concert aggregate's rules, read as Given/When/Then; no servers, no clock. */
class ConcertTest {

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-00000000c0c1");
    private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
    private static final Instant STARTS_AT = Instant.parse("2030-06-01T19:30:00Z");

    private static final TicketLevel REGULAR =
            new TicketLevel("Regular", 500, new Money(4_900, "EUR"), DeliveryMethod.ONLINE);
    private static final TicketLevel GOLDEN_CIRCLE =
            new TicketLevel("Golden Circle", 50, new Money(14_900, "EUR"), DeliveryMethod.PRINTED);

    private static final ConcertDetails DETAILS =
            new ConcertDetails("Summer Night", "The Band", "Arena Nord", STARTS_AT);
    private static final ConcertDetails NEW_DETAILS =
            new ConcertDetails("Summer Night (late show)", "The Band", "Arena Süd", STARTS_AT.plusSeconds(3_600));

    private final AggregateSpec<Concert, ConcertCommand, ConcertEvent> spec =
            AggregateSpec.of(Concert.INITIAL, Concert::evolve, Concert::decide);

    private static ConcertCreated concertCreated(TicketLevel... levels) {
        return new ConcertCreated(ID, DETAILS, List.of(levels));
    }

    private static ConcertCancelled concertCancelled() {
        return new ConcertCancelled(ID, "artist ill");
    }

    private static CreateConcert createConcert(TicketLevel... levels) {
        return new CreateConcert(ID, DETAILS, List.of(levels), NOW);
    }

    @Nested
    class Create {

        @Test
        void a_new_concert_is_created_with_its_details_and_ticket_levels() {
            Concert after = spec.given()
                    .when(createConcert(REGULAR, GOLDEN_CIRCLE))
                    .then(concertCreated(REGULAR, GOLDEN_CIRCLE));

            assertThat(after.id()).isEqualTo(ID);
            assertThat(after.status()).isEqualTo(Concert.Status.SCHEDULED);
            assertThat(after.details()).isEqualTo(DETAILS);
            assertThat(after.ticketLevels()).containsExactly(REGULAR, GOLDEN_CIRCLE);
            assertThat(after.cancellationReason()).isNull();
        }

        @Test
        void cannot_create_a_concert_twice() {
            spec.given(concertCreated(REGULAR))
                    .when(createConcert(REGULAR))
                    .thenRejectedWith(ConcertAlreadyExists.class);
        }

        @Test
        void cannot_create_a_concert_again_after_it_was_cancelled() {
            spec.given(concertCreated(REGULAR), concertCancelled())
                    .when(createConcert(REGULAR))
                    .thenRejectedWith(ConcertAlreadyExists.class);
        }

        @Test
        void a_concert_must_start_after_it_is_requested() {
            CreateConcert inThePast = new CreateConcert(ID,
                    new ConcertDetails("Summer Night", "The Band", "Arena Nord", NOW.minusSeconds(60)),
                    List.of(REGULAR), NOW);

            spec.given()
                    .when(inThePast)
                    .thenRejectedWith(ConcertMustStartInTheFuture.class,
                            e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("startsAt"));
        }

        @Test
        void a_concert_cannot_start_at_the_very_moment_it_is_requested() {
            CreateConcert startingNow = new CreateConcert(ID,
                    new ConcertDetails("Summer Night", "The Band", "Arena Nord", NOW), List.of(REGULAR), NOW);

            spec.given()
                    .when(startingNow)
                    .thenRejectedWith(ConcertMustStartInTheFuture.class);
        }

        @Test
        void a_concert_starting_one_second_after_the_request_is_in_the_future() {
            ConcertDetails soon = new ConcertDetails("Summer Night", "The Band", "Arena Nord", NOW.plusSeconds(1));

            spec.given()
                    .when(new CreateConcert(ID, soon, List.of(REGULAR), NOW))
                    .then(new ConcertCreated(ID, soon, List.of(REGULAR)));
        }

        @Test
        void a_ticket_level_with_zero_capacity_is_allowed() {
            TicketLevel guestList = new TicketLevel("Guest list", 0, new Money(0, "EUR"), DeliveryMethod.ONLINE);

            Concert after = spec.given()
                    .when(createConcert(guestList))
                    .then(concertCreated(guestList));

            assertThat(after.ticketLevels()).singleElement()
                    .satisfies(level -> assertThat(level.capacity()).isZero());
        }
    }

    @Nested
    class Update {

        @Test
        void the_details_of_a_scheduled_concert_can_be_changed() {
            Concert after = spec.given(concertCreated(REGULAR))
                    .when(new UpdateConcert(ID, NEW_DETAILS))
                    .then(new ConcertUpdated(ID, NEW_DETAILS));

            assertThat(after.details()).isEqualTo(NEW_DETAILS);
            assertThat(after.status()).isEqualTo(Concert.Status.SCHEDULED);
            assertThat(after.ticketLevels()).containsExactly(REGULAR);
        }

        @Test
        void an_update_that_changes_nothing_produces_no_event() {
            spec.given(concertCreated(REGULAR))
                    .when(new UpdateConcert(ID, DETAILS))
                    .thenNothingHappens();
        }

        @Test
        void an_update_differing_only_in_surrounding_whitespace_changes_nothing() {
            ConcertDetails padded = new ConcertDetails("  Summer Night ", " The Band", "Arena Nord  ", STARTS_AT);

            spec.given(concertCreated(REGULAR))
                    .when(new UpdateConcert(ID, padded))
                    .thenNothingHappens();
        }

        @Test
        void an_update_after_an_earlier_update_is_compared_with_the_latest_details() {
            spec.given(concertCreated(REGULAR), new ConcertUpdated(ID, NEW_DETAILS))
                    .when(new UpdateConcert(ID, NEW_DETAILS))
                    .thenNothingHappens();
        }

        @Test
        void cannot_update_a_concert_that_does_not_exist() {
            spec.given()
                    .when(new UpdateConcert(ID, NEW_DETAILS))
                    .thenRejectedWith(ConcertNotFound.class);
        }

        @Test
        void cannot_update_a_cancelled_concert() {
            spec.given(concertCreated(REGULAR), concertCancelled())
                    .when(new UpdateConcert(ID, NEW_DETAILS))
                    .thenRejectedWith(ConcertAlreadyCancelled.class);
        }

        @Test
        void cannot_update_a_cancelled_concert_even_with_unchanged_details() {
            spec.given(concertCreated(REGULAR), concertCancelled())
                    .when(new UpdateConcert(ID, DETAILS))
                    .thenRejectedWith(ConcertAlreadyCancelled.class);
        }
    }

    @Nested
    class TicketLevels {

        @Test
        void the_ticket_levels_of_a_scheduled_concert_can_be_changed() {
            Concert after = spec.given(concertCreated(REGULAR))
                    .when(new UpdateTicketLevels(ID, List.of(REGULAR, GOLDEN_CIRCLE)))
                    .then(new TicketLevelsUpdated(ID, List.of(REGULAR, GOLDEN_CIRCLE)));

            assertThat(after.ticketLevels()).containsExactly(REGULAR, GOLDEN_CIRCLE);
            assertThat(after.details()).isEqualTo(DETAILS);
            assertThat(after.status()).isEqualTo(Concert.Status.SCHEDULED);
        }

        @Test
        void a_changed_price_is_a_change_of_ticket_levels() {
            TicketLevel dearer = new TicketLevel("Regular", 500, new Money(5_900, "EUR"), DeliveryMethod.ONLINE);

            spec.given(concertCreated(REGULAR))
                    .when(new UpdateTicketLevels(ID, List.of(dearer)))
                    .then(new TicketLevelsUpdated(ID, List.of(dearer)));
        }

        @Test
        void setting_the_same_ticket_levels_produces_no_event() {
            spec.given(concertCreated(REGULAR, GOLDEN_CIRCLE))
                    .when(new UpdateTicketLevels(ID, List.of(REGULAR, GOLDEN_CIRCLE)))
                    .thenNothingHappens();
        }

        @Test
        void cannot_change_ticket_levels_of_a_concert_that_does_not_exist() {
            spec.given()
                    .when(new UpdateTicketLevels(ID, List.of(REGULAR)))
                    .thenRejectedWith(ConcertNotFound.class);
        }

        @Test
        void cannot_change_ticket_levels_of_a_cancelled_concert() {
            spec.given(concertCreated(REGULAR), concertCancelled())
                    .when(new UpdateTicketLevels(ID, List.of(REGULAR, GOLDEN_CIRCLE)))
                    .thenRejectedWith(ConcertAlreadyCancelled.class);
        }
    }

    @Nested
    class Cancel {

        @Test
        void a_scheduled_concert_can_be_cancelled_with_a_reason() {
            Concert after = spec.given(concertCreated(REGULAR, GOLDEN_CIRCLE))
                    .when(new CancelConcert(ID, "artist ill"))
                    .then(new ConcertCancelled(ID, "artist ill"));

            assertThat(after.status()).isEqualTo(Concert.Status.CANCELLED);
            assertThat(after.isCancelled()).isTrue();
            assertThat(after.cancellationReason()).isEqualTo("artist ill");
            assertThat(after.details()).isEqualTo(DETAILS);
            assertThat(after.ticketLevels()).containsExactly(REGULAR, GOLDEN_CIRCLE);
        }

        @Test
        void the_cancellation_reason_is_stripped() {
            spec.given(concertCreated(REGULAR))
                    .when(new CancelConcert(ID, "  artist ill \n"))
                    .then(new ConcertCancelled(ID, "artist ill"));
        }

        @Test
        void cancelling_twice_is_idempotent() {
            spec.given(concertCreated(REGULAR), concertCancelled())
                    .when(new CancelConcert(ID, "venue flooded"))
                    .thenNothingHappens();
        }

        @Test
        void cannot_cancel_a_concert_that_does_not_exist() {
            spec.given()
                    .when(new CancelConcert(ID, "artist ill"))
                    .thenRejectedWith(ConcertNotFound.class);
        }
    }

    @Nested
    class Evolve {

        @Test
        void the_initial_state_is_a_concert_that_does_not_exist() {
            assertThat(Concert.INITIAL.exists()).isFalse();
            assertThat(Concert.INITIAL.isCancelled()).isFalse();
            assertThat(Concert.INITIAL.status()).isEqualTo(Concert.Status.NOT_CREATED);
        }

        @Test
        void a_created_concert_is_scheduled_with_its_details_and_levels() {
            Concert state = spec.stateAfter(concertCreated(REGULAR));

            assertThat(state).isEqualTo(new Concert(ID, Concert.Status.SCHEDULED, DETAILS, List.of(REGULAR), null));
            assertThat(state.exists()).isTrue();
            assertThat(state.isCancelled()).isFalse();
        }

        @Test
        void an_update_replaces_the_details_and_keeps_everything_else() {
            Concert state = spec.stateAfter(concertCreated(REGULAR), new ConcertUpdated(ID, NEW_DETAILS));

            assertThat(state).isEqualTo(new Concert(ID, Concert.Status.SCHEDULED, NEW_DETAILS, List.of(REGULAR), null));
        }

        @Test
        void a_ticket_levels_update_replaces_the_levels_and_keeps_everything_else() {
            Concert state = spec.stateAfter(concertCreated(REGULAR),
                    new TicketLevelsUpdated(ID, List.of(GOLDEN_CIRCLE)));

            assertThat(state).isEqualTo(
                    new Concert(ID, Concert.Status.SCHEDULED, DETAILS, List.of(GOLDEN_CIRCLE), null));
        }

        @Test
        void a_cancellation_marks_the_concert_cancelled_and_records_the_reason() {
            Concert state = spec.stateAfter(concertCreated(REGULAR), new ConcertUpdated(ID, NEW_DETAILS),
                    concertCancelled());

            assertThat(state).isEqualTo(
                    new Concert(ID, Concert.Status.CANCELLED, NEW_DETAILS, List.of(REGULAR), "artist ill"));
        }
    }

    @Nested
    class Validation {

        @Test
        void capacity_must_not_be_negative() {
            assertInvalid(() -> new TicketLevel("Regular", -1, new Money(4_900, "EUR"), DeliveryMethod.ONLINE),
                    "capacity");
        }

        @Test
        void price_must_not_be_negative() {
            assertInvalid(() -> new Money(-1, "EUR"), "amountMinor");
        }

        @Test
        void a_free_ticket_is_allowed() {
            assertThat(new Money(0, "EUR").amountMinor()).isZero();
        }

        @Test
        void currency_must_be_a_known_iso_4217_code() {
            assertInvalid(() -> new Money(4_900, "XYZ"), "currency");
        }

        @Test
        void currency_must_be_upper_case() {
            assertInvalid(() -> new Money(4_900, "eur"), "currency");
        }

        @Test
        void currency_is_required() {
            assertInvalid(() -> new Money(4_900, null), "currency");
        }

        @Test
        void a_ticket_level_needs_a_delivery_method() {
            assertInvalid(() -> new TicketLevel("Regular", 500, new Money(4_900, "EUR"), null), "deliveryMethod");
        }

        @Test
        void a_ticket_level_needs_a_price() {
            assertInvalid(() -> new TicketLevel("Regular", 500, null, DeliveryMethod.ONLINE), "price");
        }

        @Test
        void a_ticket_level_needs_a_name() {
            assertInvalid(() -> new TicketLevel("   ", 500, new Money(4_900, "EUR"), DeliveryMethod.ONLINE), "name");
            assertInvalid(() -> new TicketLevel(null, 500, new Money(4_900, "EUR"), DeliveryMethod.ONLINE), "name");
        }

        @Test
        void a_ticket_level_name_is_at_most_60_characters() {
            assertInvalid(() -> new TicketLevel("x".repeat(61), 500, new Money(4_900, "EUR"), DeliveryMethod.ONLINE),
                    "name");
            assertThat(new TicketLevel("x".repeat(60), 500, new Money(4_900, "EUR"), DeliveryMethod.ONLINE).name())
                    .hasSize(60);
        }

        @Test
        void ticket_level_names_must_be_unique_ignoring_case() {
            TicketLevel lowerCase = new TicketLevel("regular", 100, new Money(2_900, "EUR"), DeliveryMethod.PRINTED);

            assertInvalid(() -> new CreateConcert(ID, DETAILS, List.of(REGULAR, lowerCase), NOW), "ticketLevels");
            assertInvalid(() -> new UpdateTicketLevels(ID, List.of(REGULAR, lowerCase)), "ticketLevels");
        }

        @Test
        void a_concert_needs_at_least_one_ticket_level() {
            assertInvalid(() -> new CreateConcert(ID, DETAILS, List.of(), NOW), "ticketLevels");
            assertInvalid(() -> new CreateConcert(ID, DETAILS, null, NOW), "ticketLevels");
            assertInvalid(() -> new UpdateTicketLevels(ID, List.of()), "ticketLevels");
        }

        @Test
        void the_ticket_levels_of_a_command_cannot_be_changed_afterwards() {
            List<TicketLevel> levels = new ArrayList<>(List.of(REGULAR));
            CreateConcert create = new CreateConcert(ID, DETAILS, levels, NOW);

            levels.add(GOLDEN_CIRCLE);

            assertThat(create.ticketLevels()).containsExactly(REGULAR);
            assertThatThrownBy(() -> create.ticketLevels().add(GOLDEN_CIRCLE))
                    .isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void a_concert_needs_a_title() {
            assertInvalid(() -> new ConcertDetails(" ", "The Band", "Arena Nord", STARTS_AT), "title");
            assertInvalid(() -> new ConcertDetails(null, "The Band", "Arena Nord", STARTS_AT), "title");
        }

        @Test
        void a_concert_needs_an_artist() {
            assertInvalid(() -> new ConcertDetails("Summer Night", "", "Arena Nord", STARTS_AT), "artist");
        }

        @Test
        void a_concert_needs_a_venue() {
            assertInvalid(() -> new ConcertDetails("Summer Night", "The Band", "\t", STARTS_AT), "venue");
        }

        @Test
        void a_concert_needs_a_start_time() {
            assertInvalid(() -> new ConcertDetails("Summer Night", "The Band", "Arena Nord", null), "startsAt");
        }

        @Test
        void concert_texts_are_at_most_200_characters() {
            assertInvalid(() -> new ConcertDetails("x".repeat(201), "The Band", "Arena Nord", STARTS_AT), "title");
        }

        @Test
        void concert_texts_are_stripped() {
            ConcertDetails details = new ConcertDetails(" Summer Night ", " The Band ", " Arena Nord ", STARTS_AT);

            assertThat(details).isEqualTo(DETAILS);
        }

        @Test
        void a_create_command_needs_an_id_details_and_a_request_time() {
            assertInvalid(() -> new CreateConcert(null, DETAILS, List.of(REGULAR), NOW), "concertId");
            assertInvalid(() -> new CreateConcert(ID, null, List.of(REGULAR), NOW), "details");
            assertInvalid(() -> new CreateConcert(ID, DETAILS, List.of(REGULAR), null), "requestedAt");
        }

        @Test
        void an_update_command_needs_an_id_and_details() {
            assertInvalid(() -> new UpdateConcert(null, DETAILS), "concertId");
            assertInvalid(() -> new UpdateConcert(ID, null), "details");
        }

        @Test
        void a_cancellation_needs_a_reason() {
            assertInvalid(() -> new CancelConcert(ID, "   "), "reason");
            assertInvalid(() -> new CancelConcert(ID, null), "reason");
        }

        @Test
        void a_cancellation_reason_is_at_most_200_characters() {
            assertInvalid(() -> new CancelConcert(ID, "x".repeat(201)), "reason");
        }

        @Test
        void a_price_is_bounded_so_no_purchase_total_can_overflow() {
            assertInvalid(() -> new TicketLevel("Regular", 500, new Money(TicketLevel.MAX_PRICE_MINOR + 1, "EUR"),
                    DeliveryMethod.ONLINE), "priceMinor");
            assertInvalid(() -> new TicketLevel("Regular", TicketLevel.MAX_CAPACITY + 1, new Money(100, "EUR"),
                    DeliveryMethod.ONLINE), "capacity");
        }

        @Test
        void text_holds_no_nul_or_other_control_character_and_no_lone_surrogate() {
            assertInvalid(() -> new ConcertDetails("Night\u0000Songs", "The Band", "Arena", STARTS_AT), "title");
            assertInvalid(() -> new ConcertDetails("Night Songs", "The \ud800Band", "Arena", STARTS_AT), "artist");
            assertInvalid(() -> new CancelConcert(ID, "ill\u0007"), "reason");
            assertThat(new ConcertDetails("Night Songs \uD83C\uDFB8", "The Band", "Arena", STARTS_AT).title())
                    .isEqualTo("Night Songs \uD83C\uDFB8");
        }

        @Test
        void the_start_time_is_within_years_2000_to_9999() {
            assertInvalid(() -> new ConcertDetails("Night", "Band", "Arena", Instant.parse("+294277-01-01T00:00:00Z")),
                    "startsAt");
            assertInvalid(() -> new ConcertDetails("Night", "Band", "Arena", Instant.parse("1999-12-31T23:59:59Z")),
                    "startsAt");
        }

        private void assertInvalid(Runnable construction, String field) {
            assertThatThrownBy(construction::run)
                    .satisfies(e -> {
                        if (e instanceof InvalidValue invalid) {
                            assertThat(invalid.field()).isEqualTo(field);
                        } else {
                            assertThat(e).isInstanceOf(ValidationException.class);
                            assertThat(((ValidationException) e).errors()).extracting(FieldError::field)
                                    .containsExactly(field);
                        }
                    });
        }
    }
}
