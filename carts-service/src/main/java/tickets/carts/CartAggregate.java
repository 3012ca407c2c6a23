package tickets.carts;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.carts.projections.CartProjection;
import tickets.contracts.carts.CartsIntegrationEvent;
import tickets.eventsourcing.EventSourcedAggregate;
import tickets.eventsourcing.OutgoingMessage;

import java.util.List;
import java.util.UUID;

/** The ShoppingCart aggregate as the command handler sees it. Only a confirmation is published. */
@ApplicationScoped
public class CartAggregate extends EventSourcedAggregate<Cart, CartCommand, CartEvent> {

    @Inject
    CartProjection projection;

    public CartAggregate() {
        super("ShoppingCart", CartEvent.class, Cart.INITIAL, Cart::evolve, Cart::decide);
    }

    /** The one place where Carts' domain events become integration events: browsing stays private. */
    @Override
    public List<OutgoingMessage> publish(UUID streamId, CartEvent event) {
        if (event instanceof CartEvent.CartConfirmed confirmed) {
            return List.of(OutgoingMessage.of(new CartsIntegrationEvent.CartConfirmed(confirmed.cartId(), confirmed.userId(),
                    confirmed.lines().stream().map(line -> new CartsIntegrationEvent.Line(line.concertId(),
                            line.ticketLevel(), line.quantity(), line.unitPriceMinor())).toList(),
                    confirmed.totalMinor(), confirmed.currency()), CartsIntegrationEvent.SCHEMA_VERSION));
        }
        return List.of();
    }

    @Override
    public Uni<Void> project(UUID streamId, Cart stateAfter, long versionAfter, List<CartEvent> newEvents) {
        return projection.apply(stateAfter, versionAfter, newEvents);
    }
}
