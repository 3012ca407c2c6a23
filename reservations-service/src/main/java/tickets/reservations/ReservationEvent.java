package tickets.reservations;

import tickets.contracts.ShippingAddress;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The Reservations context's domain events. */
public sealed interface ReservationEvent {

    UUID reservationId();

    /** {@code holdsOfCart} is 0, {@code shippingAddress} null, in events stored before they were recorded. */
    record ReservationCreated(UUID reservationId, UUID cartId, UUID userId, UUID concertId, List<ReservationLine> lines,
                              String currency, Instant expiresAt, int holdsOfCart, ShippingAddress shippingAddress)
            implements ReservationEvent {
    }

    /** Sold: the purchase was paid. A sold hold never expires and is not released. */
    record ReservationConfirmed(UUID reservationId, UUID cartId, UUID userId, UUID concertId, List<ReservationLine> lines,
                                UUID paymentId) implements ReservationEvent {
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
