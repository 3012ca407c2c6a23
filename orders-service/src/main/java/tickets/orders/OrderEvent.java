package tickets.orders;

import tickets.contracts.Money;
import tickets.contracts.ShippingAddress;

import java.util.List;
import java.util.UUID;

/** The Orders context's events of a ticket order; each carries the order as far as its readers need it. */
public sealed interface OrderEvent {

    UUID orderId();

    /** {@code shippingAddress}: for printed tickets; null when none was given (and in events stored before). */
    record OrderCreated(UUID orderId, UUID purchaseId, UUID reservationId, UUID userId, UUID concertId,
                        List<OrderLine> lines, Money total, int ordersInPurchase, ShippingAddress shippingAddress)
            implements OrderEvent {
    }

    record OrderCompleted(UUID orderId, UUID purchaseId, UUID reservationId, UUID userId, UUID concertId,
                          List<OrderLine> lines, Money total, ShippingAddress shippingAddress) implements OrderEvent {
    }

    record OrderCancelled(UUID orderId, UUID purchaseId, UUID reservationId, UUID userId, UUID concertId, Money total,
                          String reason, boolean compensated) implements OrderEvent {
    }
}
