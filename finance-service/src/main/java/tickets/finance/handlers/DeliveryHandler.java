package tickets.finance.handlers;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.contracts.delivery.DeliveryIntegrationEvent;
import tickets.contracts.delivery.DeliveryIntegrationEvent.OnlineTicketDelivered;
import tickets.contracts.delivery.DeliveryIntegrationEvent.PrintedTicketDelivered;
import tickets.contracts.delivery.DeliveryIntegrationEvent.TicketAdmitted;
import tickets.contracts.delivery.DeliveryIntegrationEvent.TicketDeliveryPrepared;
import tickets.contracts.delivery.DeliveryIntegrationEvent.TicketsRevoked;
import tickets.finance.audit.PurchaseAudit;

import java.util.LinkedHashMap;
import java.util.List;
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
    tickets.eventsourcing.inbox.Inbox inbox;
    @Inject
    PurchaseAudit audit;

    @Incoming("delivery")
    public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleEach(batch, DeliveryIntegrationEvent.class, IGNORED, (event, context) -> switch (event) {
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
