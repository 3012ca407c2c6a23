package tickets.carts;

import tickets.contracts.ShippingAddress;

import java.util.List;
import java.util.UUID;

/** The Carts context's domain events. */
public sealed interface CartEvent {

    UUID cartId();

    record CartCreated(UUID cartId) implements CartEvent {
    }

    /** {@code quantity} more tickets of a level (a second add of the same level grows its one line). */
    record TicketAddedToCart(UUID cartId, UUID concertId, String ticketLevel, int quantity) implements CartEvent {
    }

    record TicketRemovedFromCart(UUID cartId, UUID concertId, String ticketLevel) implements CartEvent {
    }

    record CartCleared(UUID cartId) implements CartEvent {
    }

    /** A priced line as confirmed. */
    record ConfirmedLine(UUID concertId, String ticketLevel, int quantity, long unitPriceMinor) {
    }

    /** {@code shippingAddress}: kept only when a line is printed (null otherwise, and in events before it existed). */
    record CartConfirmed(UUID cartId, UUID userId, List<ConfirmedLine> lines, long totalMinor, String currency,
                         ShippingAddress shippingAddress) implements CartEvent {
    }
}
