package tickets.eventsourcing;

/** What the caller believes the stream's version is. */
public sealed interface ExpectedVersion {

    /** Whatever the current version is (no If-Match). */
    record Any() implements ExpectedVersion {
    }

    /** The stream must not exist yet (a create). */
    record NoStream() implements ExpectedVersion {
    }

    /** Exactly this version (If-Match). */
    record Exactly(long version) implements ExpectedVersion {
    }

    ExpectedVersion ANY = new Any();
    ExpectedVersion NO_STREAM = new NoStream();

    static ExpectedVersion exactly(long version) {
        return new Exactly(version);
    }

    /** Fails when the stream's current version does not match. */
    default void check(String streamType, Object streamId, long current) {
        switch (this) {
            case Any any -> { }
            case NoStream none -> {
                if (current != 0) {
                    throw new ConcurrencyConflict(streamType + " " + streamId + " already exists");
                }
            }
            case Exactly exactly -> {
                if (current == 0) {
                    throw new ResourceNotFound(streamType, streamId);
                }
                if (exactly.version() != current) {
                    throw new PreconditionFailed(exactly.version(), current);
                }
            }
        }
    }
}
