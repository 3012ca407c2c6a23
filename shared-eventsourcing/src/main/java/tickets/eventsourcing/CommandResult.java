package tickets.eventsourcing;

import java.util.List;
import java.util.UUID;

/** The outcome of a handled command: the state and version after it, and the events it appended (maybe none). */
public record CommandResult<S, E>(UUID streamId, S state, long version, List<E> newEvents) {
}
