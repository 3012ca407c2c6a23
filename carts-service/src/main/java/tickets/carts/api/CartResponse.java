package tickets.carts.api;

import tickets.carts.Cart;
import tickets.carts.projections.CartView;

import java.util.List;
import java.util.UUID;

/** A cart as clients see it; {@code version} is also the ETag. Prices appear once it is confirmed. */
public record CartResponse(UUID id, String status, UUID userId, List<LineResponse> lines, Long totalMinor,
                           String currency, long version) {

    public record LineResponse(UUID concertId, String ticketLevel, int quantity, Long unitPriceMinor) {
    }

    /** Request body of adding tickets. */
    public record AddTicketRequest(UUID concertId, String ticketLevel, Integer quantity) {
    }

    static CartResponse from(Cart cart, long version) {
        if (cart.status() == Cart.Status.CONFIRMED) {
            List<LineResponse> lines = cart.confirmedLines().stream()
                    .map(l -> new LineResponse(l.concertId(), l.ticketLevel(), l.quantity(), l.unitPriceMinor())).toList();
            return new CartResponse(cart.id(), cart.status().name(), cart.userId(), lines, cart.total().amountMinor(),
                    cart.total().currency(), version);
        }
        return new CartResponse(cart.id(), cart.status().name(), cart.userId(), cart.lines().stream()
                .map(l -> new LineResponse(l.concertId(), l.ticketLevel(), l.quantity(), null)).toList(), null, null, version);
    }

    static CartResponse from(CartView view) {
        return new CartResponse(view.id, view.status, view.userId, view.lines.lines().stream()
                .map(l -> new LineResponse(l.concertId(), l.ticketLevel(), l.quantity(), l.unitPriceMinor())).toList(),
                view.totalMinor, view.currency, view.version);
    }
}
