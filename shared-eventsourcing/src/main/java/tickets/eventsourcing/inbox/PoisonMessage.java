package tickets.eventsourcing.inbox;

/** A record no retry can fix (unreadable headers or payload): it goes to the dead-letter topic with this reason. */
public class PoisonMessage extends RuntimeException {

    public PoisonMessage(String reason) {
        super(reason);
    }
}
