package tickets.eventsourcing;

/**
 * A valid command the aggregate refuses in its current state, e.g. changing a cancelled concert
 * (HTTP 409). Each rule is a subclass so tests can name the rule they expect.
 */
public class DomainRuleViolation extends RuntimeException {

    public DomainRuleViolation(String message) {
        super(message);
    }
}
