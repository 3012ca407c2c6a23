package tickets.reservations;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What can happen to a reservation. Capacity was already taken (or not) by the ledger before these are decided. */
public sealed interface ReservationCommand {

    UUID reservationId();

    record CreateReservation(UUID reservationId, UUID cartId, UUID userId, UUID concertId, List<ReservationLine> lines,
                             String currency, Instant expiresAt) implements ReservationCommand {
    }

    /** Records that a cart could not be reserved at all ({@code reservationId} is the rejection's own stream). */
    record RejectReservation(UUID reservationId, UUID cartId, UUID userId, List<RejectedLine> rejectedLines)
            implements ReservationCommand {
    }

    record CancelReservation(UUID reservationId, String reason) implements ReservationCommand {
    }

    record ExpireReservation(UUID reservationId, Instant now) implements ReservationCommand {
    }
}
