package tickets.eventsourcing;

/** The caller's If-Match names a version that is no longer current (HTTP 412). */
public class PreconditionFailed extends RuntimeException {

    private final long currentVersion;

    public PreconditionFailed(long expected, long current) {
        super("the resource is at version " + current + ", not " + expected + " as If-Match expects; read it again");
        this.currentVersion = current;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
