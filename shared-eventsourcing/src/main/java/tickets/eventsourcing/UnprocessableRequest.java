package tickets.eventsourcing;

/**
 * Well-formed input that refers to something unusable, e.g. a ticket level the concert does not
 * have (HTTP 422). Subclass per rule, like {@link DomainRuleViolation}.
 */
public class UnprocessableRequest extends RuntimeException {

    public UnprocessableRequest(String message) {
        super(message);
    }
}
