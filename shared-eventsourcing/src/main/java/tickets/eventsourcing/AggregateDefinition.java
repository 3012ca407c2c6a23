package tickets.eventsourcing;

import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything the command handler needs to know about one aggregate type. A service implements it
 * once per aggregate (through {@link EventSourcedAggregate}), delegating to the aggregate's pure
 * {@code decide} and {@code evolve}.
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
     * Writes the read model of one stream from its state, in the append's transaction, so a query
     * right after a command sees it. A pure function of the state: a rebuild calls it once per
     * stream with the state folded from the event table, and publishes nothing.
     */
    Uni<Void> project(UUID streamId, S state, long version);

    /** {@link #project} for many streams at once (see {@link CommandHandler#startAll}). */
    default Uni<Void> projectAll(List<Appended<S, E>> appended) {
        return Sequentially.forEach(appended, one -> project(one.streamId(), one.stateAfter(), one.versionAfter()));
    }

    /** The tables {@link #project} writes and nothing else does: emptied before a rebuild. */
    List<String> readModelTables();

    /**
     * What the new events change beyond the read model, in the same transaction: timers, ledgers,
     * uniqueness claims. Never replayed by a rebuild.
     */
    default Uni<Void> react(Appended<S, E> appended) {
        return Uni.createFrom().voidItem();
    }

    /** {@link #react} for many streams at once; an aggregate with a faster way overrides it. */
    default Uni<Void> reactAll(List<Appended<S, E>> appended) {
        return Sequentially.forEach(appended, this::react);
    }

    /**
     * The domain's answer when the append broke a unique constraint of this aggregate's own tables
     * (e.g. a username already taken). Empty: the constraint was not expected to break, a bug.
     */
    default Optional<RuntimeException> uniqueViolation(String constraint) {
        return Optional.empty();
    }

    /** The state after folding {@code events} onto the initial state. */
    default S fold(List<E> events) {
        S state = initialState();
        for (E event : events) {
            state = evolve(state, event);
        }
        return state;
    }
}
