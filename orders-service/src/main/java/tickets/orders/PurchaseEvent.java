package tickets.orders;

import tickets.contracts.Money;

import java.time.Instant;
import java.util.UUID;

/** The Orders context's events of a purchase: its timeline, and its one end. */
public sealed interface PurchaseEvent {

    Instant at();

    record PurchaseStarted(UUID purchaseId, UUID userId, Instant at) implements PurchaseEvent {
    }

    record CartConfirmationNoted(int concerts, Money total, Instant at) implements PurchaseEvent {
    }

    record OrderAttached(UUID orderId, UUID concertId, Money total, int ordersInPurchase, Instant at)
            implements PurchaseEvent {
    }

    record OrderEndNoted(UUID orderId, boolean completed, boolean compensated, String reason, Instant at)
            implements PurchaseEvent {
    }

    record PaymentNoted(UUID paymentId, Purchase.PaymentStatus status, String detail, Instant at) implements PurchaseEvent {
    }

    record DeliveryNoted(String step, String detail, Instant at) implements PurchaseEvent {
    }

    /** A step of the payment that changes nothing the purchase owes (money taken after a failure, and given back). */
    record PaymentStepNoted(String step, String detail, Instant at) implements PurchaseEvent {
    }

    /** A step of the purchase's invoice, as finance published it. */
    record InvoiceNoted(String step, String detail, Instant at) implements PurchaseEvent {
    }

    /**
     * The purchase's state says an order of it cannot stand as it ended: paid for, yet ended unsold (the payment
     * and the order's end crossed). The order is compensated: refunded, its tickets revoked.
     */
    record CompensationRequired(UUID orderId, String reason, Instant at) implements PurchaseEvent {
    }

    /**
     * An order arrived for a purchase that can no longer complete (another order ended unsold, the payment
     * failed, or it ended): the order is cancelled at once, its hold released, not left held until it expires.
     */
    record CancellationRequired(UUID orderId, String reason, Instant at) implements PurchaseEvent {
    }

    record PurchaseEnded(UUID userId, Purchase.Outcome outcome, String reason, Instant at) implements PurchaseEvent {
    }
}
