package tickets.carts.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import tickets.carts.Cart;
import tickets.carts.CartEvent;

import java.util.List;

/** Keeps {@link CartView} equal to the aggregate, in the append's transaction. */
@ApplicationScoped
public class CartProjection {

    public Uni<Void> apply(Cart cart, long version, List<CartEvent> newEvents) {
        CartView view = new CartView();
        view.id = cart.id();
        view.userId = cart.userId();
        view.status = cart.status().name();
        if (cart.status() == Cart.Status.CONFIRMED) {
            view.lines = new CartView.Lines(cart.confirmedLines().stream()
                    .map(l -> new CartView.Line(l.concertId(), l.ticketLevel(), l.quantity(), l.unitPriceMinor())).toList());
            CartEvent.CartConfirmed confirmed = newEvents.stream().filter(CartEvent.CartConfirmed.class::isInstance)
                    .map(CartEvent.CartConfirmed.class::cast).findFirst().orElse(null);
            if (confirmed != null) {
                view.totalMinor = confirmed.totalMinor();
                view.currency = confirmed.currency();
            }
        } else {
            view.lines = new CartView.Lines(cart.lines().stream()
                    .map(l -> new CartView.Line(l.concertId(), l.ticketLevel(), l.quantity(), null)).toList());
        }
        view.version = version;
        return Panache.getSession().chain(session -> session.merge(view)).replaceWithVoid();
    }
}
