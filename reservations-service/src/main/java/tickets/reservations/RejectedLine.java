package tickets.reservations;

import java.util.UUID;

/** One line of a cart that could not be reserved, and why. */
public record RejectedLine(UUID concertId, String ticketLevel, int requested, int available, String reason) {
}
