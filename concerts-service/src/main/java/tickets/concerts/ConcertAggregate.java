package tickets.concerts;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.concerts.projections.ConcertProjection;
import tickets.eventsourcing.AggregateDefinition;
import tickets.eventsourcing.EventCodec;
import tickets.eventsourcing.OutgoingMessage;

import java.util.List;
import java.util.UUID;

/** The Concert aggregate as the command handler sees it: its pure functions, its publication, its read model. */
@ApplicationScoped
public class ConcertAggregate implements AggregateDefinition<Concert, ConcertCommand, ConcertEvent> {

    private static final EventCodec<ConcertEvent> CODEC = EventCodec.of(ConcertEvent.class);

    private final ConcertProjection projection;

    @Inject
    public ConcertAggregate(ConcertProjection projection) {
        this.projection = projection;
    }

    @Override
    public String streamType() {
        return "Concert";
    }

    @Override
    public EventCodec<ConcertEvent> codec() {
        return CODEC;
    }

    @Override
    public Concert initialState() {
        return Concert.INITIAL;
    }

    @Override
    public Concert evolve(Concert state, ConcertEvent event) {
        return Concert.evolve(state, event);
    }

    @Override
    public List<ConcertEvent> decide(ConcertCommand command, Concert state) {
        return Concert.decide(command, state);
    }

    @Override
    public List<OutgoingMessage> publish(UUID streamId, ConcertEvent event) {
        return List.of(ConcertsPublication.toIntegrationEvent(event));
    }

    @Override
    public Uni<Void> project(UUID streamId, Concert stateAfter, long versionAfter, List<ConcertEvent> newEvents) {
        return projection.apply(stateAfter, versionAfter);
    }
}
