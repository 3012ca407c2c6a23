package tickets.carts;

import tickets.eventsourcing.AccessDenied;
import tickets.eventsourcing.DomainRuleViolation;
import tickets.eventsourcing.ResourceNotFound;
import tickets.eventsourcing.UnprocessableRequest;

import java.util.UUID;

/** The rules a cart command can break. */
public final class CartRules {

    private CartRules() {
    }

    public static final class CartNotFound extends ResourceNotFound {
        public CartNotFound(Object id) {
            super("cart", id);
        }
    }

    public static final class CartAlreadyExists extends DomainRuleViolation {
        public CartAlreadyExists(UUID id) {
            super("cart " + id + " already exists");
        }
    }

    public static final class CartAlreadyConfirmed extends DomainRuleViolation {
        public CartAlreadyConfirmed(UUID id) {
            super("cart " + id + " is confirmed and closed");
        }
    }

    public static final class CartIsEmpty extends DomainRuleViolation {
        public CartIsEmpty(UUID id) {
            super("cart " + id + " is empty: add tickets before confirming");
        }
    }

    public static final class UnknownTicketLevel extends UnprocessableRequest {
        public UnknownTicketLevel(UUID concertId, String level) {
            super("concert " + concertId + " has no ticket level '" + level + "' (or the concert is unknown)");
        }
    }

    public static final class ConcertCancelled extends UnprocessableRequest {
        public ConcertCancelled(UUID concertId) {
            super("concert " + concertId + " is cancelled");
        }
    }

    public static final class OverPerOrderLimit extends UnprocessableRequest {
        public OverPerOrderLimit(int limit) {
            super("at most " + limit + " tickets of one level per order");
        }
    }

    public static final class MixedCurrencies extends UnprocessableRequest {
        public MixedCurrencies() {
            super("a cart's tickets must all be priced in one currency");
        }
    }

    public static final class PurchaseInProgress extends DomainRuleViolation {
        public PurchaseInProgress() {
            super("you already have a confirmed cart in progress; it must end before you confirm another");
        }
    }

    public static final class CartOfAnotherCustomer extends AccessDenied {
        public CartOfAnotherCustomer(UUID id) {
            super("cart " + id + " was confirmed by another customer");
        }
    }

    public static final class TooManyLines extends UnprocessableRequest {
        public TooManyLines(int limit) {
            super("a cart holds at most " + limit + " different ticket levels");
        }
    }

    public static final class ShippingAddressRequired extends UnprocessableRequest {
        public ShippingAddressRequired() {
            super("the cart has printed tickets: confirm it with a shippingAddress to post them to");
        }
    }

    public static final class TotalTooLarge extends UnprocessableRequest {
        public TotalTooLarge() {
            super("the cart's total is larger than a purchase may be");
        }
    }
}
