package tickets.eventsourcing;

import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.UUID;

/**
 * Everything the command handler needs to know about one aggregate type. A service implements it
 * once per aggregate, delegating to the aggregate's pure {@code decide} and {@code evolve}.
 *
 * @param <S> the aggregate's state
 * @param <C> its commands
 * @param <E> its domain events (a sealed interface of records)
 */
public interface AggregateDefinition<S, C, E> {

    /** The stream type stored with each event, e.g. {@code Concert}. */
    String streamType();

    /** How the domain events are stored. */
    EventCodec<E> codec();

    /** The state before the first event. */
    S initialState();

    S evolve(S state, E event);

    List<E> decide(C command, S state);

    /** The integration events this domain event publishes; the service's mapping lives here, in one place. */
    List<OutgoingMessage> publish(UUID streamId, E event);

    /**
     * Updates read models in the append's transaction, so a query right after a command sees it.
     * Gets the state after all new events, its version and the new events themselves.
     */
    Uni<Void> project(UUID streamId, S stateAfter, long versionAfter, List<E> newEvents);

    /** The state after folding {@code events} onto the initial state. */
    default S fold(List<E> events) {
        S state = initialState();
        for (E event : events) {
            state = evolve(state, event);
        }
        return state;
    }
}
