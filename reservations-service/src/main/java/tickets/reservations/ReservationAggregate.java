package tickets.reservations;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.contracts.reservations.ReservationsIntegrationEvent;
import tickets.eventsourcing.EventSourcedAggregate;
import tickets.eventsourcing.OutgoingMessage;
import tickets.reservations.projections.ReservationProjection;

import java.util.List;
import java.util.UUID;

/** The Reservation aggregate as the command handler sees it. */
@ApplicationScoped
public class ReservationAggregate extends EventSourcedAggregate<Reservation, ReservationCommand, ReservationEvent> {

    @Inject
    ReservationProjection projection;

    public ReservationAggregate() {
        super("Reservation", ReservationEvent.class, Reservation.INITIAL, Reservation::evolve, Reservation::decide);
    }

    /** The one place where Reservations' domain events become integration events. */
    @Override
    public List<OutgoingMessage> publish(UUID streamId, ReservationEvent event) {
        ReservationsIntegrationEvent contract = switch (event) {
            case ReservationEvent.ReservationCreated e -> new ReservationsIntegrationEvent.ReservationCreated(
                    e.reservationId(), e.cartId(), e.userId(), e.concertId(),
                    e.lines().stream().map(l -> new ReservationsIntegrationEvent.Line(l.ticketLevel(), l.quantity(),
                            l.unitPriceMinor())).toList(), e.currency(), e.expiresAt());
            case ReservationEvent.ReservationRejected e -> new ReservationsIntegrationEvent.ReservationRejected(
                    e.cartId(), e.userId(), e.rejectedLines().stream().map(l -> new ReservationsIntegrationEvent.RejectedLine(
                            l.concertId(), l.ticketLevel(), l.requested(), l.available(), l.reason())).toList());
            case ReservationEvent.ReservationCancelled e -> new ReservationsIntegrationEvent.ReservationCancelled(
                    e.reservationId(), e.cartId(), e.userId(), e.concertId(), e.reason());
            case ReservationEvent.ReservationExpired e -> new ReservationsIntegrationEvent.ReservationExpired(
                    e.reservationId(), e.cartId(), e.userId(), e.concertId());
        };
        return List.of(OutgoingMessage.of(contract, ReservationsIntegrationEvent.SCHEMA_VERSION));
    }

    @Override
    public Uni<Void> project(UUID streamId, Reservation stateAfter, long versionAfter, List<ReservationEvent> newEvents) {
        return projection.apply(stateAfter, versionAfter, newEvents);
    }
}
