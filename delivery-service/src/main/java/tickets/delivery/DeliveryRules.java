package tickets.delivery;

import tickets.eventsourcing.DomainRuleViolation;
import tickets.eventsourcing.ResourceNotFound;
import tickets.eventsourcing.UnprocessableRequest;

import java.time.Instant;
import java.util.UUID;

/** The rules a delivery command can break. */
public final class DeliveryRules {

    private DeliveryRules() {
    }

    public static final class TicketNotFound extends ResourceNotFound {
        public TicketNotFound(Object id) {
            super("ticket", id);
        }
    }

    /** The concerts projection does not know a level yet: the preparation waits for it (retried). */
    public static final class LevelNotKnownYet extends RuntimeException {
        public LevelNotKnownYet(UUID concertId, String level) {
            super("ticket level '" + level + "' of concert " + concertId + " is not known yet");
        }
    }

    public static final class NotOneTicketPerUnit extends DomainRuleViolation {
        public NotOneTicketPerUnit(String level, int bought, long issued) {
            super("level '" + level + "': " + bought + " bought but " + issued + " ticket(s) issued; one per unit");
        }
    }

    public static final class WrongDeliveryMethod extends UnprocessableRequest {
        public WrongDeliveryMethod(UUID ticketId, DeliveryMethod method) {
            super("ticket " + ticketId + " is delivered " + method.name().toLowerCase()
                    + (method == DeliveryMethod.ONLINE ? ", not by post" : " by post, not online"));
        }
    }

    public static final class TicketRevoked extends DomainRuleViolation {
        public TicketRevoked(UUID ticketId, String reason) {
            super("ticket " + ticketId + " was revoked: " + reason);
        }
    }

    public static final class TicketNotDelivered extends DomainRuleViolation {
        public TicketNotDelivered(UUID ticketId) {
            super("ticket " + ticketId + " has not been delivered yet");
        }
    }

    public static final class AlreadyDispatched extends DomainRuleViolation {
        public AlreadyDispatched(UUID ticketId, String carrier, String trackingNumber) {
            super("ticket " + ticketId + " was already dispatched with " + carrier + ", tracking " + trackingNumber);
        }
    }

    public static final class NoShippingAddress extends UnprocessableRequest {
        public NoShippingAddress(UUID ticketId) {
            super("ticket " + ticketId + " has no shipping address to post it to");
        }
    }

    /** A second scan: says when the ticket was admitted. */
    public static final class TicketAlreadyAdmitted extends DomainRuleViolation {
        private final Instant admittedAt;

        public TicketAlreadyAdmitted(UUID ticketId, Instant admittedAt) {
            super("ticket " + ticketId + " was already admitted at " + admittedAt);
            this.admittedAt = admittedAt;
        }

        public Instant admittedAt() {
            return admittedAt;
        }
    }
}
