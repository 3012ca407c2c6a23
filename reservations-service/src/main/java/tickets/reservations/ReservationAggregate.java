package tickets.reservations;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.contracts.reservations.ReservationsIntegrationEvent;
import tickets.eventsourcing.AggregateDefinition;
import tickets.eventsourcing.EventCodec;
import tickets.eventsourcing.OutgoingMessage;
import tickets.reservations.projections.ReservationProjection;

import java.util.List;
import java.util.UUID;

/** The Reservation aggregate as the command handler sees it. */
@ApplicationScoped
public class ReservationAggregate implements AggregateDefinition<Reservation, ReservationCommand, ReservationEvent> {

    private static final EventCodec<ReservationEvent> CODEC = EventCodec.of(ReservationEvent.class);

    @Inject
    ReservationProjection projection;

    @Override
    public String streamType() {
        return "Reservation";
    }

    @Override
    public EventCodec<ReservationEvent> codec() {
        return CODEC;
    }

    @Override
    public Reservation initialState() {
        return Reservation.INITIAL;
    }

    @Override
    public Reservation evolve(Reservation state, ReservationEvent event) {
        return Reservation.evolve(state, event);
    }

    @Override
    public List<ReservationEvent> decide(ReservationCommand command, Reservation state) {
        return Reservation.decide(command, state);
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
