package tickets.carts;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import tickets.carts.CartRules.PurchaseInProgress;
import tickets.carts.projections.CartProjection;
import tickets.carts.projections.PurchaseSlots;
import tickets.contracts.carts.CartsIntegrationEvent;
import tickets.eventsourcing.Appended;
import tickets.eventsourcing.EventSourcedAggregate;
import tickets.eventsourcing.OutgoingMessage;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The ShoppingCart aggregate as the command handler sees it. Only a confirmation is published. */
@Singleton // stateless; constructor-injected, so no client proxy
public class CartAggregate extends EventSourcedAggregate<Cart, CartCommand, CartEvent> {

    private final PurchaseSlots slots;

    @Inject
    public CartAggregate(CartProjection readModel, PurchaseSlots slots) {
        super("ShoppingCart", CartEvent.class, Cart.INITIAL, Cart::evolve, Cart::decide, readModel);
        this.slots = slots;
    }

    /** The one place where Carts' domain events become integration events: browsing stays private. */
    @Override
    public List<OutgoingMessage> publish(UUID streamId, CartEvent event) {
        if (event instanceof CartEvent.CartConfirmed confirmed) {
            return List.of(OutgoingMessage.of(new CartsIntegrationEvent.CartConfirmed(confirmed.cartId(), confirmed.userId(),
                    confirmed.lines().stream().map(line -> new CartsIntegrationEvent.Line(line.concertId(),
                            line.ticketLevel(), line.quantity(), line.unitPriceMinor())).toList(),
                    confirmed.totalMinor(), confirmed.currency(), confirmed.shippingAddress()),
                    CartsIntegrationEvent.SCHEMA_VERSION));
        }
        return List.of();
    }

    /** A recorded confirmation claims the customer's one purchase slot, in the same transaction. */
    @Override
    public Uni<Void> react(Appended<Cart, CartEvent> appended) {
        for (CartEvent event : appended.newEvents()) {
            if (event instanceof CartEvent.CartConfirmed confirmed) {
                return slots.claim(confirmed.userId(), confirmed.cartId());
            }
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public Optional<RuntimeException> uniqueViolation(String constraint) {
        return PurchaseSlots.ONE_PER_USER.equals(constraint) ? Optional.of(new PurchaseInProgress()) : Optional.empty();
    }
}
