package tickets.reservations;

import tickets.contracts.ShippingAddress;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What can happen to a reservation. Capacity was already taken (or not) by the ledger before these are decided. */
public sealed interface ReservationCommand {

    UUID reservationId();

    /**
     * {@code holdsOfCart}: how many reservations the cart gets (one per concert), so orders knows
     * when it has them all; {@code shippingAddress}: the cart's, passed on for printed tickets.
     */
    record CreateReservation(UUID reservationId, UUID cartId, UUID userId, UUID concertId, List<ReservationLine> lines,
                             String currency, Instant expiresAt, int holdsOfCart, ShippingAddress shippingAddress)
            implements ReservationCommand {
    }

    /** Records that a cart could not be reserved at all ({@code reservationId} is the rejection's own stream). */
    record RejectReservation(UUID reservationId, UUID cartId, UUID userId, List<RejectedLine> rejectedLines)
            implements ReservationCommand {
    }

    /** The customer cancels their hold: refused once it is sold. */
    record CancelReservation(UUID reservationId, String reason) implements ReservationCommand {
    }

    /** The saga releases the hold if it is still held (its order ended, its concert was cancelled, its purchase was incomplete). */
    record ReleaseHold(UUID reservationId, String reason) implements ReservationCommand {
    }

    /** The purchase was paid: the hold is sold. */
    record ConfirmReservation(UUID reservationId, UUID paymentId) implements ReservationCommand {
    }

    record ExpireReservation(UUID reservationId, Instant now) implements ReservationCommand {
    }
}
