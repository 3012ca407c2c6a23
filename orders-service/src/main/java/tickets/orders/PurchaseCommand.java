package tickets.orders;

import tickets.contracts.Money;

import java.time.Instant;
import java.util.UUID;

/**
 * What the purchase learns, from the saga's events. Every command is idempotent: a purchase is
 * told each fact once or more, in any order its topics deliver them. Times come in on the command.
 */
public sealed interface PurchaseCommand {

    UUID purchaseId();

    Instant at();

    /** The customer confirmed the cart: {@code concerts} holds (and orders) will follow. */
    record NoteCartConfirmed(UUID purchaseId, UUID userId, int concerts, Money total, Instant at) implements PurchaseCommand {
    }

    /** An order was created for one hold of the purchase ({@code ordersInPurchase}: how many there will be). */
    record AttachOrder(UUID purchaseId, UUID userId, UUID orderId, UUID concertId, Money total, int ordersInPurchase,
                       Instant at) implements PurchaseCommand {
    }

    /** One of its orders ended: completed, cancelled unsold, or compensated after payment. */
    record NoteOrderEnded(UUID purchaseId, UUID orderId, boolean completed, boolean compensated, String reason,
                          Instant at) implements PurchaseCommand {
    }

    /** Nothing of the cart could be held. */
    record NoteRejection(UUID purchaseId, UUID userId, String reason, Instant at) implements PurchaseCommand {
    }

    /** A step of the tickets' delivery (prepared, delivered online, dispatched, revoked, admitted). */
    record NoteDelivery(UUID purchaseId, UUID userId, String step, String detail, Instant at) implements PurchaseCommand {
    }

    /** A step of the purchase's invoice (issued, paid, void, a credit note). */
    record NoteInvoice(UUID purchaseId, UUID userId, String step, String detail, Instant at) implements PurchaseCommand {
    }

    /** A step of the payment that does not change what the purchase owes (a late capture and its refund). */
    record NotePaymentStep(UUID purchaseId, UUID userId, String step, String detail, Instant at) implements PurchaseCommand {
    }

    /** What became of the payment. */
    record NotePayment(UUID purchaseId, UUID userId, UUID paymentId, Purchase.PaymentStatus status, String detail,
                       Instant at) implements PurchaseCommand {
    }
}
