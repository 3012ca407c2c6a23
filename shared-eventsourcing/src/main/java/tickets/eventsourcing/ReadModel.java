package tickets.eventsourcing;

import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.UUID;

/**
 * An aggregate's read model: rows that are a pure function of one stream's state, written in the
 * append's transaction and rebuilt from the event table on demand.
 */
public interface ReadModel<S> {

    /** Writes the rows of one stream for its state at {@code version} (insert or replace). */
    Uni<Void> write(UUID streamId, S state, long version);

    /** The tables {@link #write} fills and nothing else does: emptied before a rebuild. */
    List<String> tables();
}
