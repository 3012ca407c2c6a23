package tickets.reservations.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.reservations.Reservation;
import tickets.reservations.ReservationEvent;
import tickets.reservations.ReservationLine;

import java.util.List;

/**
 * In the append's transaction: the read model, the durable expiry timer (a row per active
 * reservation) and, when a reservation ends, its tickets back to the ledger.
 */
@ApplicationScoped
public class ReservationProjection {

    @Inject
    CapacityLedger ledger;

    public Uni<Void> apply(Reservation reservation, long version, List<ReservationEvent> newEvents) {
        Uni<Void> chain = Panache.getSession().chain(session -> session.find(ReservationView.class, reservation.id()))
                .chain(existing -> {
                    ReservationView view = existing != null ? existing : new ReservationView();
                    view.id = reservation.id();
                    view.cartId = reservation.cartId();
                    view.userId = reservation.userId();
                    view.concertId = reservation.concertId();
                    view.status = reservation.status().name();
                    view.expiresAt = reservation.expiresAt();
                    view.version = version;
                    for (ReservationEvent event : newEvents) {
                        if (event instanceof ReservationEvent.ReservationCreated created) {
                            view.currency = created.currency();
                            view.lines = new ReservationView.Lines(created.lines(), List.of());
                        } else if (event instanceof ReservationEvent.ReservationRejected rejected) {
                            view.lines = new ReservationView.Lines(List.of(), rejected.rejectedLines());
                        }
                    }
                    return Panache.getSession().chain(session -> session.merge(view));
                }).replaceWithVoid();
        for (ReservationEvent event : newEvents) {
            chain = chain.chain(() -> switch (event) {
                case ReservationEvent.ReservationCreated created -> execute("""
                        insert into reservation_expiry (reservation_id, expires_at) values (:id, :at)
                        on conflict do nothing""", reservation, created.expiresAt());
                case ReservationEvent.ReservationCancelled cancelled -> release(reservation);
                case ReservationEvent.ReservationExpired expired -> release(reservation);
                case ReservationEvent.ReservationRejected rejected -> Uni.createFrom().voidItem();
            });
        }
        return chain;
    }

    private Uni<Void> release(Reservation reservation) {
        Uni<Void> chain = execute("delete from reservation_expiry where reservation_id = :id", reservation, null);
        for (ReservationLine line : reservation.lines()) {
            chain = chain.chain(() -> ledger.release(reservation.concertId(), line.ticketLevel(), line.quantity()));
        }
        return chain;
    }

    private Uni<Void> execute(String sql, Reservation reservation, java.time.Instant at) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql).setParameter("id", reservation.id());
            if (at != null) {
                query.setParameter("at", at);
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }
}
