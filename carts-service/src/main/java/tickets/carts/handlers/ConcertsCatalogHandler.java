package tickets.carts.handlers;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.carts.projections.Catalog;
import tickets.contracts.concerts.ConcertsIntegrationEvent;
import tickets.eventsourcing.inbox.Inbox;
import tickets.eventsourcing.inbox.IncomingEvent;

/** concerts.events → the catalog, each event once (inbox), in order (one partition per concert). */
@ApplicationScoped
public class ConcertsCatalogHandler {

    @Inject
    Inbox inbox;
    @Inject
    Catalog catalog;
    @Inject
    ObjectMapper json;

    @Incoming("concerts")
    public Uni<Void> on(ConsumerRecord<String, String> record) {
        return inbox.processOnce("carts-catalog", record, this::apply);
    }

    private Uni<Void> apply(IncomingEvent event) {
        return switch (event.type()) {
            case "ConcertCreated" -> {
                var created = event.payloadAs(json, ConcertsIntegrationEvent.ConcertCreated.class);
                yield catalog.upsertConcert(created.concertId(), created.title())
                        .chain(() -> catalog.replaceLevels(created.concertId(), created.ticketLevels()));
            }
            case "ConcertUpdated" -> {
                var updated = event.payloadAs(json, ConcertsIntegrationEvent.ConcertUpdated.class);
                yield catalog.upsertConcert(updated.concertId(), updated.title());
            }
            case "TicketLevelsUpdated" -> {
                var updated = event.payloadAs(json, ConcertsIntegrationEvent.TicketLevelsUpdated.class);
                yield catalog.replaceLevels(updated.concertId(), updated.ticketLevels());
            }
            case "ConcertCancelled" -> catalog.cancel(event.payloadAs(json, ConcertsIntegrationEvent.ConcertCancelled.class)
                    .concertId());
            default -> Uni.createFrom().voidItem(); // not for the catalog
        };
    }
}
