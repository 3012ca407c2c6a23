package tickets.concerts;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import tickets.concerts.projections.ConcertProjection;
import tickets.eventsourcing.EventSourcedAggregate;
import tickets.eventsourcing.OutgoingMessage;

import java.util.List;
import java.util.UUID;

/** The Concert aggregate as the command handler sees it: its pure functions, its publication, its read model. */
@Singleton // stateless; constructor-injected, so no client proxy
public class ConcertAggregate extends EventSourcedAggregate<Concert, ConcertCommand, ConcertEvent> {

    @Inject
    public ConcertAggregate(ConcertProjection readModel) {
        super("Concert", ConcertEvent.class, Concert.INITIAL, Concert::evolve, Concert::decide, readModel);
    }

    @Override
    public List<OutgoingMessage> publish(UUID streamId, ConcertEvent event) {
        return List.of(ConcertsPublication.toIntegrationEvent(event));
    }
}
