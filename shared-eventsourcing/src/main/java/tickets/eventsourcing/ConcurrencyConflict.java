package tickets.eventsourcing;

/**
 * Someone else changed the stream between our read and our append, or the database chose this
 * transaction as a deadlock or serialization victim (HTTP 409); retrying may succeed.
 */
public class ConcurrencyConflict extends RuntimeException {

    public ConcurrencyConflict(String message) {
        super(message);
    }

    public ConcurrencyConflict(String message, Throwable cause) {
        super(message, cause);
    }
}
