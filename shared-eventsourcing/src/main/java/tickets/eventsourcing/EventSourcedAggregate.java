package tickets.eventsourcing;

import java.util.List;
import java.util.function.BiFunction;

/**
 * The common part of an {@link AggregateDefinition}: the stream type, the codec and the pure
 * functions. A service's aggregate bean extends it and adds only what is its own: what it
 * publishes and which read models it updates.
 */
public abstract class EventSourcedAggregate<S, C, E> implements AggregateDefinition<S, C, E> {

    private final String streamType;
    private final EventCodec<E> codec;
    private final S initialState;
    private final BiFunction<S, E, S> evolve;
    private final BiFunction<C, S, List<E>> decide;

    protected EventSourcedAggregate(String streamType, Class<E> sealedEventType, S initialState,
                                    BiFunction<S, E, S> evolve, BiFunction<C, S, List<E>> decide) {
        this.streamType = streamType;
        this.codec = EventCodec.of(sealedEventType);
        this.initialState = initialState;
        this.evolve = evolve;
        this.decide = decide;
    }

    @Override
    public String streamType() {
        return streamType;
    }

    @Override
    public EventCodec<E> codec() {
        return codec;
    }

    @Override
    public S initialState() {
        return initialState;
    }

    @Override
    public S evolve(S state, E event) {
        return evolve.apply(state, event);
    }

    @Override
    public List<E> decide(C command, S state) {
        return decide.apply(command, state);
    }
}
