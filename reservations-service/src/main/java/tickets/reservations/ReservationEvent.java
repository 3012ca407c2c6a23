package tickets.reservations;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The Reservations context's domain events. */
public sealed interface ReservationEvent {

    UUID reservationId();

    record ReservationCreated(UUID reservationId, UUID cartId, UUID userId, UUID concertId, List<ReservationLine> lines,
                              String currency, Instant expiresAt) implements ReservationEvent {
    }

    record ReservationRejected(UUID reservationId, UUID cartId, UUID userId, List<RejectedLine> rejectedLines)
            implements ReservationEvent {
    }

    record ReservationCancelled(UUID reservationId, UUID cartId, UUID userId, UUID concertId, String reason)
            implements ReservationEvent {
    }

    record ReservationExpired(UUID reservationId, UUID cartId, UUID userId, UUID concertId) implements ReservationEvent {
    }
}
