package tickets.carts.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * A customer has at most one confirmed cart in flight: a row in {@code purchase_in_flight} whose
 * primary key is the user. Claimed in the transaction that records the confirmation, freed when
 * that purchase ends: rejected, or every hold of the cart (one per concert) cancelled or expired.
 * Runs in the caller's transaction.
 */
@ApplicationScoped
public class PurchaseSlots {

    /** The constraint that refuses a second purchase in flight. */
    public static final String ONE_PER_USER = "purchase_in_flight_pkey";

    private static final String CLAIM = "insert into purchase_in_flight (user_id, cart_id) values (:userId, :cartId)";
    private static final String FREE = "delete from purchase_in_flight where cart_id = :cartId";
    private static final String HOLD_ENDED = """
            insert into ended_hold (cart_id, reservation_id) values (:cartId, :reservationId) on conflict do nothing""";
    /** Freed once as many holds ended as the cart has concerts (a cart is held one reservation per concert). */
    private static final String FREE_WHEN_EVERY_HOLD_ENDED = """
            delete from purchase_in_flight p where p.cart_id = :cartId
              and (select count(*) from ended_hold h where h.cart_id = :cartId)
                  >= (select count(distinct line->>'concertId') from cart_view c,
                             jsonb_array_elements(c.lines->'lines') line where c.id = :cartId)""";

    /** Fails on {@link #ONE_PER_USER} when the user already has a purchase in flight. */
    public Uni<Void> claim(UUID userId, UUID cartId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CLAIM)
                .setParameter("userId", userId).setParameter("cartId", cartId).executeUpdate()).replaceWithVoid();
    }

    /** The purchase ended as a whole (its reservation was rejected). */
    public Uni<Void> free(UUID cartId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(FREE)
                .setParameter("cartId", cartId).executeUpdate()).replaceWithVoid();
    }

    /** One hold of the cart ended (cancelled or expired); the slot is freed when the last one has. */
    public Uni<Void> holdEnded(UUID cartId, UUID reservationId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(HOLD_ENDED)
                        .setParameter("cartId", cartId).setParameter("reservationId", reservationId).executeUpdate()
                        .chain(() -> session.createNativeQuery(FREE_WHEN_EVERY_HOLD_ENDED)
                                .setParameter("cartId", cartId).executeUpdate()))
                .replaceWithVoid();
    }
}
