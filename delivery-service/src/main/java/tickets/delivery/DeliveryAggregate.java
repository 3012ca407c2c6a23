package tickets.delivery;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import tickets.contracts.delivery.DeliveryIntegrationEvent;
import tickets.delivery.projections.TicketProjection;
import tickets.eventsourcing.EventSourcedAggregate;
import tickets.eventsourcing.OutgoingMessage;

import java.util.List;
import java.util.UUID;

/** The TicketDelivery aggregate as the command handler sees it. */
@Singleton // stateless; constructor-injected, so no client proxy
public class DeliveryAggregate extends EventSourcedAggregate<TicketDelivery, DeliveryCommand, DeliveryEvent> {

    @Inject
    public DeliveryAggregate(TicketProjection readModel) {
        super("TicketDelivery", DeliveryEvent.class, TicketDelivery.INITIAL, TicketDelivery::evolve,
                TicketDelivery::decide, readModel);
    }

    /** The one place where Delivery's domain events become integration events (codes stay private). */
    @Override
    public List<OutgoingMessage> publish(UUID orderId, DeliveryEvent event) {
        DeliveryIntegrationEvent contract = switch (event) {
            case DeliveryEvent.TicketDeliveryPrepared e -> new DeliveryIntegrationEvent.TicketDeliveryPrepared(orderId,
                    e.purchaseId(), e.userId(), e.concertId(), e.tickets().stream()
                    .map(t -> new DeliveryIntegrationEvent.Ticket(t.ticketId(), t.ticketLevel(),
                            DeliveryIntegrationEvent.Method.valueOf(t.method().name()))).toList());
            case DeliveryEvent.OnlineTicketDelivered e -> new DeliveryIntegrationEvent.OnlineTicketDelivered(orderId,
                    e.purchaseId(), e.userId(), e.ticketId(), e.at());
            case DeliveryEvent.PrintedTicketDelivered e -> new DeliveryIntegrationEvent.PrintedTicketDelivered(orderId,
                    e.purchaseId(), e.userId(), e.ticketId(), e.carrier(), e.trackingNumber(), e.at());
            case DeliveryEvent.TicketsRevoked e -> new DeliveryIntegrationEvent.TicketsRevoked(orderId, e.purchaseId(),
                    e.userId(), e.ticketIds(), e.reason());
            case DeliveryEvent.TicketAdmitted e -> new DeliveryIntegrationEvent.TicketAdmitted(orderId, e.purchaseId(),
                    e.userId(), e.ticketId(), e.at());
        };
        return List.of(OutgoingMessage.of(contract, DeliveryIntegrationEvent.SCHEMA_VERSION));
    }
}
