package tickets.carts.handlers;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.carts.projections.Catalog;
import tickets.contracts.concerts.ConcertsIntegrationEvent;
import tickets.contracts.concerts.ConcertsIntegrationEvent.ConcertCancelled;
import tickets.contracts.concerts.ConcertsIntegrationEvent.ConcertCreated;
import tickets.contracts.concerts.ConcertsIntegrationEvent.ConcertUpdated;
import tickets.contracts.concerts.ConcertsIntegrationEvent.TicketLevelsUpdated;
import tickets.eventsourcing.inbox.Inbox;

import java.util.List;
import java.util.Set;

/** concerts.events → the catalog, each event once (inbox), in order (one partition per concert). */
@ApplicationScoped
public class ConcertsCatalogHandler {

    @Inject
    Inbox inbox;
    @Inject
    Catalog catalog;

    @Incoming("concerts")
    public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleEach(batch, ConcertsIntegrationEvent.class, Set.of(), (event, context) -> switch (event) {
            case ConcertCreated created -> catalog.upsertConcert(created.concertId(), created.title())
                    .chain(() -> catalog.replaceLevels(created.concertId(), created.ticketLevels()));
            case ConcertUpdated updated -> catalog.upsertConcert(updated.concertId(), updated.title());
            case TicketLevelsUpdated updated -> catalog.replaceLevels(updated.concertId(), updated.ticketLevels());
            case ConcertCancelled cancelled -> catalog.cancel(cancelled.concertId());
        });
    }
}
