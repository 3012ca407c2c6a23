package tickets.carts;

import tickets.eventsourcing.ValidationException;

import java.util.UUID;

/** A line of a cart: {@code quantity} tickets of one ticket level of one concert. */
public record CartLine(UUID concertId, String ticketLevel, int quantity) {

    public CartLine {
        ValidationException.required(concertId, "concertId");
        ticketLevel = ValidationException.text(ticketLevel, "ticketLevel", 60);
        ValidationException.require(quantity > 0, "quantity", "must be at least 1");
    }

    public boolean isFor(UUID concert, String level) {
        return concertId.equals(concert) && ticketLevel.equalsIgnoreCase(level);
    }
}
