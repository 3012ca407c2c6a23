package tickets.carts;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.carts.projections.CartProjection;
import tickets.contracts.carts.CartsIntegrationEvent;
import tickets.eventsourcing.AggregateDefinition;
import tickets.eventsourcing.EventCodec;
import tickets.eventsourcing.OutgoingMessage;

import java.util.List;
import java.util.UUID;

/** The ShoppingCart aggregate as the command handler sees it. Only a confirmation is published. */
@ApplicationScoped
public class CartAggregate implements AggregateDefinition<Cart, CartCommand, CartEvent> {

    private static final EventCodec<CartEvent> CODEC = EventCodec.of(CartEvent.class);

    @Inject
    CartProjection projection;

    @Override
    public String streamType() {
        return "ShoppingCart";
    }

    @Override
    public EventCodec<CartEvent> codec() {
        return CODEC;
    }

    @Override
    public Cart initialState() {
        return Cart.INITIAL;
    }

    @Override
    public Cart evolve(Cart state, CartEvent event) {
        return Cart.evolve(state, event);
    }

    @Override
    public List<CartEvent> decide(CartCommand command, Cart state) {
        return Cart.decide(command, state);
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
