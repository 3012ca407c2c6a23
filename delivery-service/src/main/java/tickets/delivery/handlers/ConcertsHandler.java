package tickets.delivery.handlers;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.contracts.concerts.ConcertsIntegrationEvent;
import tickets.contracts.concerts.ConcertsIntegrationEvent.ConcertCancelled;
import tickets.contracts.concerts.ConcertsIntegrationEvent.ConcertCreated;
import tickets.contracts.concerts.ConcertsIntegrationEvent.ConcertUpdated;
import tickets.contracts.concerts.ConcertsIntegrationEvent.TicketLevelsUpdated;
import tickets.delivery.Deliveries;
import tickets.delivery.projections.ConcertInfo;
import tickets.eventsourcing.inbox.Inbox;

import java.util.List;
import java.util.Set;

/** concerts.events → each level's delivery method and what a ticket prints; a cancelled concert's tickets are revoked. */
@ApplicationScoped
public class ConcertsHandler {

    @Inject
    Inbox inbox;
    @Inject
    ConcertInfo concerts;
    @Inject
    Deliveries deliveries;

    @Incoming("concerts")
    public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleEach(batch, ConcertsIntegrationEvent.class, Set.of(), (event, context) -> switch (event) {
            case ConcertCreated created -> concerts.upsertConcert(created.concertId(), created.title(), created.venue(),
                    created.startsAt()).chain(() -> concerts.upsertLevels(created.concertId(), created.ticketLevels()));
            case ConcertUpdated updated -> concerts.upsertConcert(updated.concertId(), updated.title(), updated.venue(),
                    updated.startsAt());
            case TicketLevelsUpdated levels -> concerts.upsertLevels(levels.concertId(), levels.ticketLevels());
            case ConcertCancelled cancelled -> deliveries.concertCancelled(cancelled.concertId(), context);
        });
    }
}
