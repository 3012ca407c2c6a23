package tickets.finance.handlers;

import tickets.contracts.Topics;
import tickets.eventsourcing.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.contracts.delivery.DeliveryIntegrationEvent;
import tickets.contracts.delivery.DeliveryIntegrationEvent.OnlineTicketDelivered;
import tickets.contracts.delivery.DeliveryIntegrationEvent.PrintedTicketDelivered;
import tickets.contracts.delivery.DeliveryIntegrationEvent.TicketAdmitted;
import tickets.contracts.delivery.DeliveryIntegrationEvent.TicketDeliveryPrepared;
import tickets.contracts.delivery.DeliveryIntegrationEvent.TicketsRevoked;
import tickets.finance.audit.PurchaseAudit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** delivery.events → the audit's facts: the tickets issued for each order, and those revoked. */
@ApplicationScoped
public class DeliveryHandler {

    /** What the audit does nothing with: acknowledged without a transaction (Inbox.handleEach). */
    private static final Set<Class<? extends DeliveryIntegrationEvent>> IGNORED = Set.of(OnlineTicketDelivered.class,
            PrintedTicketDelivered.class, TicketAdmitted.class);

    @Inject
    PurchaseAudit audit;

    /** delivery.events, read on the service's one saga channel ({@link SagaEvents}). */
    public Inbox.Route<DeliveryIntegrationEvent> route() {
        return Inbox.Route.of(Topics.DELIVERY, DeliveryIntegrationEvent.class, IGNORED, (event, context) -> switch (event) {
            case TicketDeliveryPrepared prepared -> {
                Map<UUID, String> levels = new LinkedHashMap<>();
                prepared.tickets().forEach(ticket -> levels.put(ticket.ticketId(), ticket.ticketLevel()));
                yield audit.record(prepared.purchaseId(), facts -> facts.withUser(prepared.userId())
                        .withTickets(prepared.orderId(), prepared.concertId(), levels), context);
            }
            case TicketsRevoked revoked -> audit.record(revoked.purchaseId(), facts -> facts.withRevoked(revoked.ticketIds()),
                    context);
            case OnlineTicketDelivered delivered -> Uni.createFrom().voidItem(); // IGNORED
            case PrintedTicketDelivered posted -> Uni.createFrom().voidItem(); // IGNORED
            case TicketAdmitted admitted -> Uni.createFrom().voidItem(); // IGNORED
        });
    }
}
