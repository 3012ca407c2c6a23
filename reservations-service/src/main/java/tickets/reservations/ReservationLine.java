package tickets.reservations;

/** {@code quantity} tickets of one level at the price the cart was confirmed with. */
public record ReservationLine(String ticketLevel, int quantity, long unitPriceMinor) {
}
