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

    /** One stream's state for {@link #writeAll}. */
    record Row<S>(UUID streamId, S state, long version) {
    }

    /**
     * Writes the rows of many streams; one after another unless the read model knows a faster way
     * (a multi-row statement).
     */
    default Uni<Void> writeAll(List<Row<S>> rows) {
        return Sequentially.forEach(rows, row -> write(row.streamId(), row.state(), row.version()));
    }

    /** The tables {@link #write} fills and nothing else does: emptied before a rebuild. */
    List<String> tables();
}
