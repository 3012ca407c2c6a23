package tickets.users;

import tickets.eventsourcing.DomainRuleViolation;
import tickets.eventsourcing.ResourceNotFound;

import java.util.UUID;

/** The rules a user command can break. */
public final class UserRules {

    private UserRules() {
    }

    public static final class UserNotFound extends ResourceNotFound {
        public UserNotFound(Object id) {
            super("user", id);
        }
    }

    public static final class UserAlreadyRegistered extends DomainRuleViolation {
        public UserAlreadyRegistered(String what) {
            super(what + " is already registered");
        }
    }

    public static final class LastAdminCannotBeDemoted extends DomainRuleViolation {
        public LastAdminCannotBeDemoted(UUID id) {
            super("user " + id + " is the last admin and cannot be demoted; promote another admin first");
        }
    }
}
