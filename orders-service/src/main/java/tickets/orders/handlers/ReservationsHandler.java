package tickets.orders.handlers;

import tickets.contracts.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.contracts.reservations.ReservationsIntegrationEvent;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationCancelled;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationConfirmed;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationCreated;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationExpired;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationRejected;
import tickets.eventsourcing.inbox.Inbox;
import tickets.orders.OrderCommand.CreateOrder;
import tickets.orders.OrderLine;
import tickets.orders.Orders;
import tickets.orders.PurchaseCommand.NoteRejection;

import java.time.Instant;
import java.util.Set;

/**
 * reservations.events → ReservationCreated: an order; ReservationConfirmed: it completes; a hold
 * cancelled or expired: its order is cancelled (or compensated, once paid); a rejection: the
 * purchase ends rejected.
 */
@ApplicationScoped
public class ReservationsHandler {

    @Inject
    Orders orders;

    /** reservations.events, read on the service's one saga channel ({@link SagaEvents}). */
    public Inbox.Route<ReservationsIntegrationEvent> route() {
        return Inbox.Route.of(Topics.RESERVATIONS, ReservationsIntegrationEvent.class, Set.of(), (event, context) -> switch (event) {
            case ReservationCreated held -> orders.createOrder(new CreateOrder(Orders.orderIdOf(held.reservationId()),
                    held.cartId(), held.reservationId(), held.userId(), held.concertId(),
                    held.lines().stream().map(l -> new OrderLine(l.ticketLevel(), l.quantity(), l.unitPriceMinor())).toList(),
                    held.currency(), held.holdsOfCart() == null ? 1 : Math.max(1, held.holdsOfCart()),
                    held.shippingAddress()), context);
            case ReservationConfirmed sold -> orders.holdSold(sold.reservationId(), sold.concertId(), context);
            case ReservationCancelled cancelled -> orders.holdEnded(cancelled.cartId(), cancelled.reservationId(),
                    "hold cancelled: " + cancelled.reason(), context);
            case ReservationExpired expired -> orders.holdEnded(expired.cartId(), expired.reservationId(),
                    "hold expired", context);
            case ReservationRejected rejected -> orders.noteOnPurchase(new NoteRejection(rejected.cartId(),
                    rejected.userId(), "not enough tickets", Instant.now()), context);
        });
    }
}
