package tickets.eventsourcing;

import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The common part of an {@link AggregateDefinition}: the stream type, the codec, the pure
 * functions and the read model. A service's aggregate bean extends it and adds only what is its
 * own: what it publishes and what else its events change.
 */
public abstract class EventSourcedAggregate<S, C, E> implements AggregateDefinition<S, C, E> {

    private final String streamType;
    private final EventCodec<E> codec;
    private final S initialState;
    private final BiFunction<S, E, S> evolve;
    private final BiFunction<C, S, List<E>> decide;
    private final ReadModel<S> readModel;

    protected EventSourcedAggregate(String streamType, Class<E> sealedEventType, S initialState,
                                    BiFunction<S, E, S> evolve, BiFunction<C, S, List<E>> decide, ReadModel<S> readModel) {
        this.streamType = streamType;
        this.codec = EventCodec.of(sealedEventType);
        this.initialState = initialState;
        this.evolve = evolve;
        this.decide = decide;
        this.readModel = readModel;
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

    @Override
    public Uni<Void> project(UUID streamId, S state, long version) {
        return readModel.write(streamId, state, version);
    }

    @Override
    public Uni<Void> projectAll(List<Appended<S, E>> appended) {
        return readModel.writeAll(appended.stream()
                .map(one -> new ReadModel.Row<>(one.streamId(), one.stateAfter(), one.versionAfter())).toList());
    }

    @Override
    public List<String> readModelTables() {
        return readModel.tables();
    }
}
