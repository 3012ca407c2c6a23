package tickets.carts.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import tickets.carts.Cart;
import tickets.eventsourcing.ReadModel;

import java.util.List;
import java.util.UUID;

/** Keeps {@link CartView} equal to the aggregate, in the append's transaction (or a rebuild's). */
@ApplicationScoped
public class CartProjection implements ReadModel<Cart> {

    public static final String TABLE = "cart_view";

    @Override
    public List<String> tables() {
        return List.of(TABLE);
    }

    @Override
    public Uni<Void> write(UUID streamId, Cart cart, long version) {
        CartView view = new CartView();
        view.id = cart.id();
        view.userId = cart.userId();
        view.status = cart.status().name();
        if (cart.status() == Cart.Status.CONFIRMED) {
            view.lines = new CartView.Lines(cart.confirmedLines().stream()
                    .map(l -> new CartView.Line(l.concertId(), l.ticketLevel(), l.quantity(), l.unitPriceMinor())).toList());
            view.totalMinor = cart.total().amountMinor();
            view.currency = cart.total().currency();
        } else {
            view.lines = new CartView.Lines(cart.lines().stream()
                    .map(l -> new CartView.Line(l.concertId(), l.ticketLevel(), l.quantity(), null)).toList());
        }
        view.version = version;
        return Panache.getSession().chain(session -> session.merge(view)).replaceWithVoid();
    }
}
