package tickets.reservations;

import tickets.reservations.ReservationCommand.CancelReservation;
import tickets.reservations.ReservationCommand.ConfirmReservation;
import tickets.reservations.ReservationCommand.ReleaseHold;
import tickets.reservations.ReservationCommand.CreateReservation;
import tickets.reservations.ReservationCommand.ExpireReservation;
import tickets.reservations.ReservationCommand.RejectReservation;
import tickets.reservations.ReservationEvent.ReservationCancelled;
import tickets.reservations.ReservationEvent.ReservationConfirmed;
import tickets.reservations.ReservationEvent.ReservationCreated;
import tickets.reservations.ReservationEvent.ReservationExpired;
import tickets.reservations.ReservationEvent.ReservationRejected;
import tickets.reservations.ReservationRules.ReservationAlreadyExists;
import tickets.reservations.ReservationRules.ReservationNotActive;
import tickets.reservations.ReservationRules.ReservationNotConfirmable;
import tickets.reservations.ReservationRules.ReservationNotDue;
import tickets.reservations.ReservationRules.ReservationNotFound;
import tickets.reservations.ReservationRules.ReservationSold;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Tickets of one concert held for one confirmed cart until its hold time passes, or a cart's
 * rejection. Active until sold (its purchase was paid: confirmed, for good), cancelled by its
 * owner, released by the saga or expired; all but a sale give the tickets back.
 */
public record Reservation(UUID id, Status status, UUID cartId, UUID userId, UUID concertId, List<ReservationLine> lines,
                          String currency, Instant expiresAt, List<RejectedLine> rejectedLines) {

    public enum Status { NOT_CREATED, ACTIVE, CONFIRMED, REJECTED, CANCELLED, EXPIRED }

    public static final Reservation INITIAL = new Reservation(null, Status.NOT_CREATED, null, null, null, List.of(), null,
            null, List.of());

    public static List<ReservationEvent> decide(ReservationCommand command, Reservation state) {
        return switch (command) {
            case CreateReservation create -> {
                if (state.status != Status.NOT_CREATED) {
                    throw new ReservationAlreadyExists(create.reservationId());
                }
                yield List.of(new ReservationCreated(create.reservationId(), create.cartId(), create.userId(),
                        create.concertId(), List.copyOf(create.lines()), create.currency(), create.expiresAt(),
                        create.holdsOfCart(), create.shippingAddress()));
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
                case CONFIRMED -> throw new ReservationSold(cancel.reservationId());
                case REJECTED, EXPIRED -> throw new ReservationNotActive(cancel.reservationId(), state.status);
            };
            case ReleaseHold release -> switch (state.status) {
                case NOT_CREATED -> throw new ReservationNotFound(release.reservationId());
                case ACTIVE -> List.of(new ReservationCancelled(release.reservationId(), state.cartId, state.userId,
                        state.concertId, release.reason()));
                case CONFIRMED, REJECTED, CANCELLED, EXPIRED -> List.of(); // sold or already ended: nothing held to release
            };
            case ConfirmReservation confirm -> switch (state.status) {
                case NOT_CREATED -> throw new ReservationNotFound(confirm.reservationId());
                case ACTIVE -> List.of(new ReservationConfirmed(confirm.reservationId(), state.cartId, state.userId,
                        state.concertId, state.lines, confirm.paymentId()));
                case CONFIRMED -> List.of();
                case REJECTED, CANCELLED, EXPIRED -> throw new ReservationNotConfirmable(confirm.reservationId(),
                        state.status);
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
            case ReservationConfirmed confirmed -> state.withStatus(Status.CONFIRMED);
            case ReservationCancelled cancelled -> state.withStatus(Status.CANCELLED);
            case ReservationExpired expired -> state.withStatus(Status.EXPIRED);
        };
    }

    private Reservation withStatus(Status newStatus) {
        return new Reservation(id, newStatus, cartId, userId, concertId, lines, currency, expiresAt, rejectedLines);
    }
}
