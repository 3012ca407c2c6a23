package tickets.reservations;

import tickets.reservations.ReservationCommand.CancelReservation;
import tickets.reservations.ReservationCommand.CreateReservation;
import tickets.reservations.ReservationCommand.ExpireReservation;
import tickets.reservations.ReservationCommand.RejectReservation;
import tickets.reservations.ReservationEvent.ReservationCancelled;
import tickets.reservations.ReservationEvent.ReservationCreated;
import tickets.reservations.ReservationEvent.ReservationExpired;
import tickets.reservations.ReservationEvent.ReservationRejected;
import tickets.reservations.ReservationRules.ReservationAlreadyExists;
import tickets.reservations.ReservationRules.ReservationNotActive;
import tickets.reservations.ReservationRules.ReservationNotDue;
import tickets.reservations.ReservationRules.ReservationNotFound;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Tickets of one concert held for one confirmed cart until its hold time passes, or a cart's
 * rejection. Active until cancelled by its owner or expired; either releases the tickets.
 */
public record Reservation(UUID id, Status status, UUID cartId, UUID userId, UUID concertId, List<ReservationLine> lines,
                          String currency, Instant expiresAt, List<RejectedLine> rejectedLines) {

    public enum Status { NOT_CREATED, ACTIVE, REJECTED, CANCELLED, EXPIRED }

    public static final Reservation INITIAL = new Reservation(null, Status.NOT_CREATED, null, null, null, List.of(), null,
            null, List.of());

    public static List<ReservationEvent> decide(ReservationCommand command, Reservation state) {
        return switch (command) {
            case CreateReservation create -> {
                if (state.status != Status.NOT_CREATED) {
                    throw new ReservationAlreadyExists(create.reservationId());
                }
                yield List.of(new ReservationCreated(create.reservationId(), create.cartId(), create.userId(),
                        create.concertId(), List.copyOf(create.lines()), create.currency(), create.expiresAt()));
            }
            case RejectReservation reject -> {
                if (state.status != Status.NOT_CREATED) {
                    throw new ReservationAlreadyExists(reject.reservationId());
                }
                yield List.of(new ReservationRejected(reject.reservationId(), reject.cartId(), reject.userId(),
                        List.copyOf(reject.rejectedLines())));
            }
            case CancelReservation cancel -> switch (state.status) {
                case NOT_CREATED -> throw new ReservationNotFound(cancel.reservationId());
                case ACTIVE -> List.of(new ReservationCancelled(cancel.reservationId(), state.cartId, state.userId,
                        state.concertId, cancel.reason()));
                case CANCELLED -> List.of();
                case REJECTED, EXPIRED -> throw new ReservationNotActive(cancel.reservationId(), state.status);
            };
            case ExpireReservation expire -> {
                if (state.status != Status.ACTIVE) {
                    yield List.of(); // already ended: nothing to expire
                }
                if (expire.now().isBefore(state.expiresAt)) {
                    throw new ReservationNotDue(expire.reservationId());
                }
                yield List.of(new ReservationExpired(expire.reservationId(), state.cartId, state.userId, state.concertId));
            }
        };
    }

    public static Reservation evolve(Reservation state, ReservationEvent event) {
        return switch (event) {
            case ReservationCreated created -> new Reservation(created.reservationId(), Status.ACTIVE, created.cartId(),
                    created.userId(), created.concertId(), created.lines(), created.currency(), created.expiresAt(),
                    List.of());
            case ReservationRejected rejected -> new Reservation(rejected.reservationId(), Status.REJECTED,
                    rejected.cartId(), rejected.userId(), null, List.of(), null, null, rejected.rejectedLines());
            case ReservationCancelled cancelled -> state.withStatus(Status.CANCELLED);
            case ReservationExpired expired -> state.withStatus(Status.EXPIRED);
        };
    }

    private Reservation withStatus(Status newStatus) {
        return new Reservation(id, newStatus, cartId, userId, concertId, lines, currency, expiresAt, rejectedLines);
    }
}
