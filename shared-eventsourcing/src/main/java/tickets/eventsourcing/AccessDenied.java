package tickets.eventsourcing;

/**
 * The caller is known but the thing they address belongs to someone else (HTTP 403), e.g.
 * confirming another customer's cart. Subclass per rule, like {@link DomainRuleViolation}.
 */
public class AccessDenied extends RuntimeException {

    public AccessDenied(String message) {
        super(message);
    }
}
