package tickets.carts.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * A customer has at most one confirmed cart in flight: a row in {@code purchase_in_flight} whose
 * primary key is the user. Claimed in the transaction that records the confirmation, freed when
 * that purchase ends (orders.events' PurchaseEnded: completed, cancelled or rejected).
 * Runs in the caller's transaction.
 */
@ApplicationScoped
public class PurchaseSlots {

    /** The constraint that refuses a second purchase in flight. */
    public static final String ONE_PER_USER = "purchase_in_flight_pkey";

    private static final String CLAIM = "insert into purchase_in_flight (user_id, cart_id) values (:userId, :cartId)";
    private static final String FREE = "delete from purchase_in_flight where cart_id = :cartId";

    /** Fails on {@link #ONE_PER_USER} when the user already has a purchase in flight. */
    public Uni<Void> claim(UUID userId, UUID cartId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CLAIM)
                .setParameter("userId", userId).setParameter("cartId", cartId).executeUpdate()).replaceWithVoid();
    }

    /** The purchase ended (orders says so, exactly once: completed, cancelled or rejected). */
    public Uni<Void> free(UUID cartId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(FREE)
                .setParameter("cartId", cartId).executeUpdate()).replaceWithVoid();
    }
}
