package tickets.concerts;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.concerts.projections.ConcertProjection;
import tickets.eventsourcing.EventSourcedAggregate;
import tickets.eventsourcing.OutgoingMessage;

import java.util.List;
import java.util.UUID;

/** The Concert aggregate as the command handler sees it: its pure functions, its publication, its read model. */
@ApplicationScoped
public class ConcertAggregate extends EventSourcedAggregate<Concert, ConcertCommand, ConcertEvent> {

    @Inject
    ConcertProjection projection;

    public ConcertAggregate() {
        super("Concert", ConcertEvent.class, Concert.INITIAL, Concert::evolve, Concert::decide);
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
