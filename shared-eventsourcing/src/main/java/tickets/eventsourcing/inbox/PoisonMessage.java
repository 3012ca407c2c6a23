package tickets.eventsourcing.inbox;

/**
 * A record no retry can fix (unreadable headers or payload, a schema version newer than the
 * consumer knows): it goes to the dead-letter topic with this reason. Every other failure is
 * retried until it succeeds.
 */
public class PoisonMessage extends RuntimeException {

    public PoisonMessage(String reason) {
        super(reason);
    }
}
