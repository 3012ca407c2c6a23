package tickets.finance.handlers;

import tickets.contracts.Topics;
import tickets.eventsourcing.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.contracts.concerts.ConcertsIntegrationEvent;
import tickets.contracts.concerts.ConcertsIntegrationEvent.ConcertCancelled;
import tickets.contracts.concerts.ConcertsIntegrationEvent.ConcertCreated;
import tickets.contracts.concerts.ConcertsIntegrationEvent.ConcertUpdated;
import tickets.contracts.concerts.ConcertsIntegrationEvent.TicketLevelsUpdated;
import tickets.finance.audit.PurchaseAudit;

import java.util.Set;

/** concerts.events → the audit learns which concerts were cancelled (their tickets must be revoked, their sales refunded). */
@ApplicationScoped
public class ConcertsHandler {

    /** What the audit does nothing with: acknowledged without a transaction (Inbox.handleEach). */
    private static final Set<Class<? extends ConcertsIntegrationEvent>> IGNORED = Set.of(ConcertCreated.class,
            ConcertUpdated.class, TicketLevelsUpdated.class);

    @Inject
    PurchaseAudit audit;

    /** concerts.events, read on the service's one saga channel ({@link SagaEvents}). */
    public Inbox.Route<ConcertsIntegrationEvent> route() {
        return Inbox.Route.of(Topics.CONCERTS, ConcertsIntegrationEvent.class, IGNORED, (event, context) -> switch (event) {
            case ConcertCancelled cancelled -> audit.concertCancelled(cancelled.concertId(), context);
            case ConcertCreated created -> Uni.createFrom().voidItem(); // IGNORED
            case ConcertUpdated updated -> Uni.createFrom().voidItem(); // IGNORED
            case TicketLevelsUpdated updated -> Uni.createFrom().voidItem(); // IGNORED
        });
    }
}
