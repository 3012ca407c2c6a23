package tickets.payments;

import java.util.UUID;

/** A line of the purchase being paid: which order, concert and level, how many, at what price. */
public record PaidLine(UUID orderId, UUID concertId, String ticketLevel, int quantity, long unitPriceMinor) {
}
