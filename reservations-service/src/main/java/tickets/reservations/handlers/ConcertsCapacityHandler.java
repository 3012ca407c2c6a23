package tickets.reservations.handlers;

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
import tickets.eventsourcing.inbox.Inbox;
import tickets.reservations.Reservations;
import tickets.reservations.projections.CapacityLedger;

import java.util.List;
import java.util.Set;

/**
 * concerts.events → capacity per level, each event once, in order per concert; a cancelled concert
 * takes no more holds and releases those it has.
 */
@ApplicationScoped
public class ConcertsCapacityHandler {

    /** What this consumer does nothing with: acknowledged without a transaction (Inbox.handleEach). */
    private static final java.util.Set<Class<? extends ConcertsIntegrationEvent>> IGNORED =
            java.util.Set.of(ConcertUpdated.class);

    @Inject
    Inbox inbox;
    @Inject
    CapacityLedger ledger;
    @Inject
    Reservations reservations;

    @Incoming("concerts")
    public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleEach(batch, ConcertsIntegrationEvent.class, IGNORED, (event, context) -> switch (event) {
            case ConcertCreated created -> ledger.setLevels(created.concertId(), created.ticketLevels());
            case TicketLevelsUpdated updated -> ledger.setLevels(updated.concertId(), updated.ticketLevels());
            case ConcertCancelled cancelled -> ledger.cancelConcert(cancelled.concertId())
                    .chain(() -> reservations.concertCancelled(cancelled.concertId(), context));
            case ConcertUpdated updated -> Uni.createFrom().voidItem(); // IGNORED: title, venue, time: not about capacity
        });
    }
}
