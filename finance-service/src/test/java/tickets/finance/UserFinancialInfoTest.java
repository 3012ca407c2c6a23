package tickets.finance;

import org.junit.jupiter.api.Test;
import tickets.finance.FinancialInfoCommand.CreateUserFinancialInfo;
import tickets.finance.FinancialInfoCommand.PaymentCompleted;
import tickets.finance.FinancialInfoCommand.PaymentFailed;
import tickets.finance.FinancialInfoCommand.PaymentRefunded;
import tickets.finance.FinancialInfoCommand.PaymentStarted;
import tickets.finance.FinancialInfoCommand.UpdateUserFinancialInfo;
import tickets.finance.FinancialInfoEvent.UserFinancialInfoCreated;
import tickets.finance.FinancialInfoEvent.UserFinancialInfoUpdated;
import tickets.finance.FinancialInfoEvent.UserRegistrationNoted;
import tickets.finance.UserFinancialInfo.Totals;
import tickets.testkit.AggregateSpec;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The financial record's rules, Given/When/Then, without servers. */
class UserFinancialInfoTest {

    private static final UUID USER = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID PAY_1 = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    private static final UUID PAY_2 = UUID.fromString("00000000-0000-0000-0000-0000000000b2");
    private static final UUID PAY_3 = UUID.fromString("00000000-0000-0000-0000-0000000000b3");
    private static final UUID ORDER_1 = UUID.fromString("00000000-0000-0000-0000-0000000000d1");
    private static final UUID ORDER_2 = UUID.fromString("00000000-0000-0000-0000-0000000000d2");
    private static final Instant AT = Instant.parse("2030-06-01T18:00:00Z");

    private final AggregateSpec<UserFinancialInfo, FinancialInfoCommand, FinancialInfoEvent> spec =
            AggregateSpec.of(UserFinancialInfo.INITIAL, UserFinancialInfo::evolve, UserFinancialInfo::decide);

    private static UpdateUserFinancialInfo update(FinancialInfoCommand.PaymentChange change) {
        return new UpdateUserFinancialInfo(USER, change, AT);
    }

    private UserFinancialInfo after(FinancialInfoCommand... commands) {
        UserFinancialInfo state = UserFinancialInfo.INITIAL;
        for (FinancialInfoCommand command : commands) {
            for (FinancialInfoEvent event : UserFinancialInfo.decide(command, state)) {
                state = UserFinancialInfo.evolve(state, event);
            }
        }
        return state;
    }

    @Test
    void a_registration_creates_the_record_once() {
        spec.given().when(new CreateUserFinancialInfo(USER, AT)).then(new UserFinancialInfoCreated(USER, true, AT));
        spec.given(new UserFinancialInfoCreated(USER, true, AT)).when(new CreateUserFinancialInfo(USER, AT))
                .thenNothingHappens();
    }

    @Test
    void a_payment_before_the_registration_creates_the_record_and_the_registration_is_noted_later() {
        Totals ongoing = new Totals("EUR", 5_000, 1, 0, 0, 0, 0, 0);
        UserFinancialInfo state = spec.given().when(update(new PaymentStarted(PAY_1, 5_000, "EUR")))
                .then(new UserFinancialInfoCreated(USER, false, AT),
                        new UserFinancialInfoUpdated(USER, new PaymentStarted(PAY_1, 5_000, "EUR"), List.of(ongoing), AT));
        assertThat(state.registered()).isFalse();

        UserFinancialInfo registered = spec.given(new UserFinancialInfoCreated(USER, false, AT),
                        new UserFinancialInfoUpdated(USER, new PaymentStarted(PAY_1, 5_000, "EUR"), List.of(ongoing), AT))
                .when(new CreateUserFinancialInfo(USER, AT)).then(new UserRegistrationNoted(USER, AT));
        assertThat(registered.registered()).isTrue();
        assertThat(registered.totals()).containsExactly(ongoing);
    }

    @Test
    void an_initiated_payment_is_ongoing_until_it_completes() {
        UserFinancialInfo state = after(new CreateUserFinancialInfo(USER, AT), update(new PaymentStarted(PAY_1, 5_000, "EUR")),
                update(new PaymentStarted(PAY_2, 3_000, "EUR")), update(new PaymentCompleted(PAY_1, 5_000, "EUR")));
        assertThat(state.totals()).containsExactly(new Totals("EUR", 3_000, 1, 5_000, 1, 0, 0, 0));
    }

    @Test
    void a_failed_payment_leaves_ongoing_and_counts_as_failed() {
        UserFinancialInfo state = after(update(new PaymentStarted(PAY_1, 5_000, "EUR")), update(new PaymentFailed(PAY_1)));
        assertThat(state.totals()).containsExactly(new Totals("EUR", 0, 0, 0, 0, 0, 0, 1));
    }

    @Test
    void refunds_are_counted_per_refunded_order_and_totals_kept_per_currency() {
        UserFinancialInfo state = after(update(new PaymentStarted(PAY_1, 10_000, "EUR")),
                update(new PaymentCompleted(PAY_1, 10_000, "EUR")),
                update(new PaymentRefunded(PAY_1, ORDER_1, 4_000, "EUR")),
                update(new PaymentRefunded(PAY_1, ORDER_2, 6_000, "EUR")),
                update(new PaymentStarted(PAY_3, 2_500, "CHF")));
        assertThat(state.totals()).containsExactly(new Totals("CHF", 2_500, 1, 0, 0, 0, 0, 0),
                new Totals("EUR", 0, 0, 10_000, 1, 10_000, 2, 0));
    }

    @Test
    void each_step_of_a_payment_counts_once_however_often_it_arrives() {
        UserFinancialInfo paid = after(update(new PaymentStarted(PAY_1, 10_000, "EUR")),
                update(new PaymentCompleted(PAY_1, 10_000, "EUR")), update(new PaymentRefunded(PAY_1, ORDER_1, 4_000, "EUR")));
        spec.given(history(paid)).when(update(new PaymentStarted(PAY_1, 10_000, "EUR"))).thenNothingHappens();
        spec.given(history(paid)).when(update(new PaymentCompleted(PAY_1, 10_000, "EUR"))).thenNothingHappens();
        spec.given(history(paid)).when(update(new PaymentRefunded(PAY_1, ORDER_1, 4_000, "EUR"))).thenNothingHappens();
        spec.given(history(paid)).when(update(new PaymentFailed(PAY_1))).thenNothingHappens();
    }

    @Test
    void a_refund_of_a_payment_not_completed_is_not_counted() {
        spec.given(new UserFinancialInfoCreated(USER, true, AT))
                .when(update(new PaymentRefunded(PAY_1, ORDER_1, 4_000, "EUR"))).thenNothingHappens();
        spec.given(new UserFinancialInfoCreated(USER, true, AT)).when(update(new PaymentFailed(PAY_1))).thenNothingHappens();
    }

    @Test
    void a_confirmation_whose_start_was_never_seen_still_counts_as_completed() {
        UserFinancialInfo state = after(update(new PaymentCompleted(PAY_1, 7_000, "EUR")));
        assertThat(state.totals()).containsExactly(new Totals("EUR", 0, 0, 7_000, 1, 0, 0, 0));
    }

    /** The events that built a state, as a history to give: replays the same commands. */
    private FinancialInfoEvent[] history(UserFinancialInfo target) {
        List<FinancialInfoEvent> events = new java.util.ArrayList<>();
        UserFinancialInfo state = UserFinancialInfo.INITIAL;
        for (FinancialInfoCommand command : List.of(update(new PaymentStarted(PAY_1, 10_000, "EUR")),
                update(new PaymentCompleted(PAY_1, 10_000, "EUR")), update(new PaymentRefunded(PAY_1, ORDER_1, 4_000, "EUR")))) {
            for (FinancialInfoEvent event : UserFinancialInfo.decide(command, state)) {
                events.add(event);
                state = UserFinancialInfo.evolve(state, event);
            }
        }
        assertThat(state).isEqualTo(target);
        return events.toArray(FinancialInfoEvent[]::new);
    }
}
