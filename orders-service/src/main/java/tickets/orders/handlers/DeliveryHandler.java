package tickets.orders.handlers;

import tickets.contracts.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.contracts.delivery.DeliveryIntegrationEvent;
import tickets.contracts.delivery.DeliveryIntegrationEvent.OnlineTicketDelivered;
import tickets.contracts.delivery.DeliveryIntegrationEvent.PrintedTicketDelivered;
import tickets.contracts.delivery.DeliveryIntegrationEvent.TicketAdmitted;
import tickets.contracts.delivery.DeliveryIntegrationEvent.TicketDeliveryPrepared;
import tickets.contracts.delivery.DeliveryIntegrationEvent.TicketsRevoked;
import tickets.eventsourcing.inbox.Inbox;
import tickets.orders.Orders;
import tickets.orders.PurchaseCommand.NoteDelivery;

import java.time.Instant;
import java.util.Set;

/** delivery.events → the tickets' steps on the purchase's timeline (the one place a client follows a purchase). */
@ApplicationScoped
public class DeliveryHandler {

    @Inject
    Orders orders;

    /** delivery.events, read on the service's one saga channel ({@link SagaEvents}). */
    public Inbox.Route<DeliveryIntegrationEvent> route() {
        return Inbox.Route.of(Topics.DELIVERY, DeliveryIntegrationEvent.class, Set.of(), (event, context) -> orders.noteOnPurchase(
                switch (event) {
                    case TicketDeliveryPrepared prepared -> new NoteDelivery(prepared.purchaseId(), prepared.userId(),
                            "tickets prepared", "order " + prepared.orderId() + ": " + prepared.tickets().size()
                            + " ticket(s)", Instant.now());
                    case OnlineTicketDelivered delivered -> new NoteDelivery(delivered.purchaseId(), delivered.userId(),
                            "ticket delivered online", "ticket " + delivered.ticketId(), delivered.deliveredAt());
                    case PrintedTicketDelivered posted -> new NoteDelivery(posted.purchaseId(), posted.userId(),
                            "ticket dispatched by post", "ticket " + posted.ticketId() + " with " + posted.carrier()
                            + ", tracking " + posted.trackingNumber(), posted.dispatchedAt());
                    case TicketsRevoked revoked -> new NoteDelivery(revoked.purchaseId(), revoked.userId(),
                            "tickets revoked", "order " + revoked.orderId() + ": " + revoked.ticketIds().size()
                            + " ticket(s), " + revoked.reason(), Instant.now());
                    case TicketAdmitted admitted -> new NoteDelivery(admitted.purchaseId(), admitted.userId(),
                            "ticket admitted", "ticket " + admitted.ticketId(), admitted.admittedAt());
                }, context));
    }
}
