package tickets.contracts.reservations;

import tickets.contracts.MayBeAbsent;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tickets.contracts.ShippingAddress;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the Reservations context publishes on {@code reservations.events}. {@code cartId} is the
 * saga's correlation: one confirmed cart gives one reservation per concert, or one rejection.
 */
public sealed interface ReservationsIntegrationEvent {

    int SCHEMA_VERSION = 1;

    UUID cartId();

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Line(String ticketLevel, int quantity, long unitPriceMinor) {
    }

    /** Why one line of a cart could not be reserved. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RejectedLine(UUID concertId, String ticketLevel, int requested, int available, String reason) {
    }

    /**
     * {@code holdsOfCart}: how many reservations the cart got (one per concert); absent (null) or 0
     * from a producer before it was added, so a consumer must not rely on it alone.
     * {@code shippingAddress}: the cart's, passed on for printed tickets (may be null).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ReservationCreated(UUID reservationId, UUID cartId, UUID userId, UUID concertId, List<Line> lines,
                              String currency, Instant expiresAt, Integer holdsOfCart, @MayBeAbsent ShippingAddress shippingAddress)
            implements ReservationsIntegrationEvent {
    }

    /** The hold is sold: the purchase was paid. A sold hold never expires. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ReservationConfirmed(UUID reservationId, UUID cartId, UUID userId, UUID concertId, List<Line> lines)
            implements ReservationsIntegrationEvent {
    }

    /** Nothing of the cart was reserved. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ReservationRejected(UUID cartId, UUID userId, List<RejectedLine> rejectedLines)
            implements ReservationsIntegrationEvent {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ReservationCancelled(UUID reservationId, UUID cartId, UUID userId, UUID concertId, String reason)
            implements ReservationsIntegrationEvent {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ReservationExpired(UUID reservationId, UUID cartId, UUID userId, UUID concertId)
            implements ReservationsIntegrationEvent {
    }
}
