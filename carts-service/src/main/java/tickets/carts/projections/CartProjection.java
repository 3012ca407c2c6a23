package tickets.carts.projections;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.carts.Cart;
import tickets.eventsourcing.ReadModel;

import java.util.List;
import java.util.UUID;

/** Keeps {@link CartView} equal to the aggregate, in the append's transaction (or a rebuild's). */
@ApplicationScoped
public class CartProjection implements ReadModel<Cart> {

    public static final String TABLE = "cart_view";

    // One statement: merging the entity would first select the row it is about to overwrite.
    private static final String UPSERT = """
            insert into cart_view (id, user_id, status, lines, total_minor, currency, version)
            values (:id, :userId, :status, cast(cast(:lines as text) as jsonb), :totalMinor, :currency, :version)
            on conflict (id) do update set user_id = excluded.user_id, status = excluded.status, lines = excluded.lines,
                total_minor = excluded.total_minor, currency = excluded.currency, version = excluded.version""";

    private final ObjectMapper json;

    @Inject
    public CartProjection(ObjectMapper json) {
        this.json = json;
    }

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
        String lines;
        try {
            lines = json.writeValueAsString(view.lines);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a cart's lines cannot be written as JSON", e);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT)
                .setParameter("id", view.id).setParameter("userId", view.userId).setParameter("status", view.status)
                .setParameter("lines", lines).setParameter("totalMinor", view.totalMinor)
                .setParameter("currency", view.currency).setParameter("version", view.version)
                .executeUpdate()).replaceWithVoid();
    }
}
