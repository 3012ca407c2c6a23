package tickets.eventsourcing;

/**
 * A system this service relies on (e.g. the identity provider) could not be reached, so nothing
 * was done (HTTP 503); the same request can be retried.
 */
public class DependencyUnavailable extends RuntimeException {

    public DependencyUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
