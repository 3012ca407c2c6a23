package tickets.reservations.handlers;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.contracts.concerts.ConcertsIntegrationEvent;
import tickets.eventsourcing.inbox.Inbox;
import tickets.eventsourcing.inbox.IncomingEvent;
import tickets.reservations.projections.CapacityLedger;

/** concerts.events → capacity per level (and cancellation), each event once, in order per concert. */
@ApplicationScoped
public class ConcertsCapacityHandler {

    @Inject
    Inbox inbox;
    @Inject
    CapacityLedger ledger;
    @Inject
    ObjectMapper json;

    @Incoming("concerts")
    public Uni<Void> on(ConsumerRecord<String, String> record) {
        return inbox.processOnce("reservations-capacity", record, this::apply);
    }

    private Uni<Void> apply(IncomingEvent event) {
        return switch (event.type()) {
            case "ConcertCreated" -> {
                var created = event.payloadAs(json, ConcertsIntegrationEvent.ConcertCreated.class);
                yield ledger.setLevels(created.concertId(), created.ticketLevels());
            }
            case "TicketLevelsUpdated" -> {
                var updated = event.payloadAs(json, ConcertsIntegrationEvent.TicketLevelsUpdated.class);
                yield ledger.setLevels(updated.concertId(), updated.ticketLevels());
            }
            case "ConcertCancelled" -> ledger.cancelConcert(
                    event.payloadAs(json, ConcertsIntegrationEvent.ConcertCancelled.class).concertId());
            default -> Uni.createFrom().voidItem(); // not about capacity
        };
    }
}
