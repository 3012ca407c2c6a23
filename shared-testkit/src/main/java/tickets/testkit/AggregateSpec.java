package tickets.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Given/When/Then for a pure aggregate: given past events, when a command, then the new events
 * (or the rule it breaks). No servers, no clock: the spec reads like the business rule.
 *
 * <pre>{@code
 * spec.given(concertCreated()).when(new CancelConcert(id, "artist ill")).then(new ConcertCancelled(id, "artist ill"));
 * }</pre>
 */
public final class AggregateSpec<S, C, E> {

    private final S initialState;
    private final BiFunction<S, E, S> evolve;
    private final BiFunction<C, S, List<E>> decide;

    private AggregateSpec(S initialState, BiFunction<S, E, S> evolve, BiFunction<C, S, List<E>> decide) {
        this.initialState = initialState;
        this.evolve = evolve;
        this.decide = decide;
    }

    public static <S, C, E> AggregateSpec<S, C, E> of(S initialState, BiFunction<S, E, S> evolve,
                                                      BiFunction<C, S, List<E>> decide) {
        return new AggregateSpec<>(initialState, evolve, decide);
    }

    @SafeVarargs
    public final Given given(E... history) {
        S state = initialState;
        for (E event : history) {
            state = evolve.apply(state, event);
        }
        return new Given(state);
    }

    /** The state folded from {@code history}, for assertions on {@code evolve} itself. */
    @SafeVarargs
    public final S stateAfter(E... history) {
        return given(history).state;
    }

    public final class Given {
        private final S state;

        private Given(S state) {
            this.state = state;
        }

        public When when(C command) {
            return new When(state, command);
        }
    }

    public final class When {
        private final S state;
        private final C command;

        private When(S state, C command) {
            this.state = state;
            this.command = command;
        }

        @SafeVarargs
        public final S then(E... expected) {
            List<E> events = decide.apply(command, state);
            assertThat(events).as("events decided for %s", command).containsExactlyElementsOf(Arrays.asList(expected));
            S after = state;
            for (E event : events) {
                after = evolve.apply(after, event);
            }
            return after;
        }

        public void thenNothingHappens() {
            assertThat(decide.apply(command, state)).as("events decided for %s", command).isEmpty();
        }

        public void thenRejectedWith(Class<? extends Throwable> rule) {
            assertThatThrownBy(() -> decide.apply(command, state)).as("rule broken by %s", command).isInstanceOf(rule);
        }

        public <T extends Throwable> void thenRejectedWith(Class<T> rule, Consumer<T> check) {
            Throwable thrown = catchThrowable(() -> decide.apply(command, state));
            assertThat(thrown).as("rule broken by %s", command).isInstanceOf(rule);
            check.accept(rule.cast(thrown));
        }
    }
}
