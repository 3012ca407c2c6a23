package tickets.orders.handlers;

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
import tickets.orders.Orders;

import java.util.List;
import java.util.Set;


/** concerts.events → a cancelled concert's sold orders are compensated. */
@ApplicationScoped
public class ConcertsHandler {

    /** What this consumer does nothing with: acknowledged without a transaction (Inbox.handleEach). */
    private static final java.util.Set<Class<? extends ConcertsIntegrationEvent>> IGNORED =
            java.util.Set.of(ConcertCreated.class, ConcertUpdated.class, TicketLevelsUpdated.class);

    @Inject
    Inbox inbox;
    @Inject
    Orders orders;

    @Incoming("concerts")
    public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleEach(batch, ConcertsIntegrationEvent.class, IGNORED, (event, context) -> switch (event) {
            case ConcertCancelled cancelled -> orders.concertCancelled(cancelled.concertId(), context);
            case ConcertCreated created -> Uni.createFrom().voidItem(); // IGNORED
            case ConcertUpdated updated -> Uni.createFrom().voidItem(); // IGNORED
            case TicketLevelsUpdated updated -> Uni.createFrom().voidItem(); // IGNORED
        });
    }
}
