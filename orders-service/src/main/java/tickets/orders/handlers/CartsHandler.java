package tickets.orders.handlers;

import tickets.contracts.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.contracts.carts.CartsIntegrationEvent;
import tickets.contracts.carts.CartsIntegrationEvent.CartConfirmed;
import tickets.eventsourcing.inbox.Inbox;
import tickets.orders.Orders;
import tickets.orders.PurchaseCommand.NoteCartConfirmed;

import java.time.Instant;
import java.util.Set;

/** carts.events → a purchase starts when its cart is confirmed (the first step of its timeline). */
@ApplicationScoped
public class CartsHandler {

    @Inject
    Orders orders;

    /** carts.events, read on the service's one saga channel ({@link SagaEvents}). */
    public Inbox.Route<CartsIntegrationEvent> route() {
        return Inbox.Route.of(Topics.CARTS, CartsIntegrationEvent.class, Set.of(), (event, context) -> switch (event) {
            case CartConfirmed cart -> orders.noteOnPurchase(new NoteCartConfirmed(cart.cartId(), cart.userId(),
                    (int) cart.lines().stream().map(CartsIntegrationEvent.Line::concertId).distinct().count(),
                    cart.total(), Instant.now()), context);
        });
    }
}
