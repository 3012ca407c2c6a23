package tickets.reservations.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import tickets.eventsourcing.ReadModel;
import tickets.reservations.Reservation;

import java.util.List;
import java.util.UUID;

/** Keeps {@link ReservationView} equal to the aggregate, in the append's transaction (or a rebuild's). */
@ApplicationScoped
public class ReservationProjection implements ReadModel<Reservation> {

    public static final String TABLE = "reservation_view";

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
}
