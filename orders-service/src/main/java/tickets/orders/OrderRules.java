package tickets.orders;

import tickets.eventsourcing.DomainRuleViolation;
import tickets.eventsourcing.ResourceNotFound;

import java.util.UUID;

/** The rules an order command can break. */
public final class OrderRules {

    private OrderRules() {
    }

    public static final class OrderNotFound extends ResourceNotFound {
        public OrderNotFound(Object id) {
            super("order", id);
        }
    }

    public static final class NotThisOrdersSale extends DomainRuleViolation {
        public NotThisOrdersSale(UUID orderId) {
            super("order " + orderId + " completes only with the sale of its own reservation");
        }
    }

    public static final class OrderAlreadyCompleted extends DomainRuleViolation {
        public OrderAlreadyCompleted(UUID orderId) {
            super("order " + orderId + " is completed: it can only be compensated");
        }
    }
}
