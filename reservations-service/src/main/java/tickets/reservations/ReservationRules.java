package tickets.reservations;

import tickets.eventsourcing.DomainRuleViolation;
import tickets.eventsourcing.ResourceNotFound;

import java.util.UUID;

/** The rules a reservation command can break. */
public final class ReservationRules {

    private ReservationRules() {
    }

    public static final class ReservationNotFound extends ResourceNotFound {
        public ReservationNotFound(Object id) {
            super("reservation", id);
        }
    }

    public static final class ReservationAlreadyExists extends DomainRuleViolation {
        public ReservationAlreadyExists(UUID id) {
            super("reservation " + id + " already exists");
        }
    }

    public static final class ReservationNotActive extends DomainRuleViolation {
        public ReservationNotActive(UUID id, Reservation.Status status) {
            super("reservation " + id + " is " + status.name().toLowerCase() + " and can no longer be cancelled");
        }
    }

    public static final class ReservationSold extends DomainRuleViolation {
        public ReservationSold(UUID id) {
            super("reservation " + id + " is sold (its purchase was paid) and can no longer be cancelled");
        }
    }

    public static final class ReservationNotConfirmable extends DomainRuleViolation {
        public ReservationNotConfirmable(UUID id, Reservation.Status status) {
            super("reservation " + id + " is " + status.name().toLowerCase() + " and cannot be sold");
        }
    }

    public static final class ReservationNotDue extends DomainRuleViolation {
        public ReservationNotDue(UUID id) {
            super("reservation " + id + " is still within its hold time");
        }
    }
}
