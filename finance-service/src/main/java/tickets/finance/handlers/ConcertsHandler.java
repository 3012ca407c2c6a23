package tickets.finance.handlers;

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
import tickets.finance.audit.PurchaseAudit;

import java.util.List;
import java.util.Set;

/** concerts.events → the audit learns which concerts were cancelled (their tickets must be revoked, their sales refunded). */
@ApplicationScoped
public class ConcertsHandler {

    /** What the audit does nothing with: acknowledged without a transaction (Inbox.handleEach). */
    private static final Set<Class<? extends ConcertsIntegrationEvent>> IGNORED = Set.of(ConcertCreated.class,
            ConcertUpdated.class, TicketLevelsUpdated.class);

    @Inject
    tickets.eventsourcing.inbox.Inbox inbox;
    @Inject
    PurchaseAudit audit;

    @Incoming("concerts")
    public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleEach(batch, ConcertsIntegrationEvent.class, IGNORED, (event, context) -> switch (event) {
            case ConcertCancelled cancelled -> audit.concertCancelled(cancelled.concertId(), context);
            case ConcertCreated created -> Uni.createFrom().voidItem(); // IGNORED
            case ConcertUpdated updated -> Uni.createFrom().voidItem(); // IGNORED
            case TicketLevelsUpdated updated -> Uni.createFrom().voidItem(); // IGNORED
        });
    }
}
