package tickets.reservations.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.eventsourcing.ReadModel;
import tickets.reservations.Reservation;

import java.util.List;
import java.util.UUID;

/** Keeps {@link ReservationView} equal to the aggregate, in the append's transaction (or a rebuild's). */
@ApplicationScoped
public class ReservationProjection implements ReadModel<Reservation> {

    public static final String TABLE = "reservation_view";

    private static final String UPSERT_ALL = """
            insert into reservation_view (id, cart_id, user_id, concert_id, status, lines, currency, expires_at, version)
            select r.id, r.cart_id, r.user_id, r.concert_id, r.status, r.lines, r.currency, r.expires_at, r.version
            from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as r(id uuid, cart_id uuid, user_id uuid,
                concert_id uuid, status text, lines jsonb, currency text, expires_at timestamptz, version bigint)
            on conflict (id) do update set cart_id = excluded.cart_id, user_id = excluded.user_id,
                concert_id = excluded.concert_id, status = excluded.status, lines = excluded.lines,
                currency = excluded.currency, expires_at = excluded.expires_at, version = excluded.version""";

    @Inject
    ObjectMapper json;

    @Override
    public List<String> tables() {
        return List.of(TABLE);
    }

    @Override
    public Uni<Void> write(UUID streamId, Reservation reservation, long version) {
        ReservationView view = new ReservationView();
        view.id = reservation.id();
        view.cartId = reservation.cartId();
        view.userId = reservation.userId();
        view.concertId = reservation.concertId();
        view.status = reservation.status().name();
        view.expiresAt = reservation.expiresAt();
        view.currency = reservation.currency();
        view.lines = new ReservationView.Lines(reservation.lines(), reservation.rejectedLines());
        view.version = version;
        return Panache.getSession().chain(session -> session.merge(view)).replaceWithVoid();
    }

    /**
     * Many streams with one statement (a batch of decided carts). Only for rows the session has
     * not loaded as entities in this transaction: it writes past Hibernate's first-level cache.
     */
    @Override
    public Uni<Void> writeAll(List<Row<Reservation>> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        var array = json.createArrayNode();
        for (Row<Reservation> row : rows) {
            Reservation reservation = row.state();
            var node = array.addObject();
            node.put("id", reservation.id().toString());
            node.put("cart_id", reservation.cartId().toString());
            node.put("user_id", reservation.userId().toString());
            node.put("concert_id", reservation.concertId() == null ? null : reservation.concertId().toString());
            node.put("status", reservation.status().name());
            node.set("lines", json.valueToTree(new ReservationView.Lines(reservation.lines(), reservation.rejectedLines())));
            node.put("currency", reservation.currency());
            // truncated to the column's microseconds as the reactive client does when it binds an Instant
            // (PostgreSQL would round a longer text), so a rebuild writes the very same value
            node.put("expires_at", reservation.expiresAt() == null ? null
                    : reservation.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString());
            node.put("version", row.version());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT_ALL)
                .setParameter("rows", array.toString()).executeUpdate()).replaceWithVoid();
    }
}
