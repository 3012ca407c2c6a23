package tickets.concerts;

import tickets.eventsourcing.DomainRuleViolation;
import tickets.eventsourcing.ResourceNotFound;
import tickets.eventsourcing.ValidationException;

import java.util.List;

import java.util.UUID;

/** The rules a concert command can break, one type per rule. */
public final class ConcertRules {

    private ConcertRules() {
    }

    public static final class ConcertNotFound extends ResourceNotFound {
        public ConcertNotFound(UUID id) {
            super("concert", id);
        }
    }

    public static final class ConcertAlreadyExists extends DomainRuleViolation {
        public ConcertAlreadyExists(UUID id) {
            super("concert " + id + " already exists");
        }
    }

    public static final class ConcertAlreadyCancelled extends DomainRuleViolation {
        public ConcertAlreadyCancelled(UUID id) {
            super("concert " + id + " is cancelled and takes no further changes");
        }
    }

    /** Bad input relative to the request time, so a 400 like other invalid fields. */
    public static final class ConcertMustStartInTheFuture extends ValidationException {
        public ConcertMustStartInTheFuture() {
            super("startsAt: must be in the future", List.of(new FieldError("startsAt", "must be in the future")));
        }
    }
}
