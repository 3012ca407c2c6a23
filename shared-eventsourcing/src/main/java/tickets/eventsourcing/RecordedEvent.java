package tickets.eventsourcing;

import java.util.UUID;

/** A domain event as stored: its id and position in its stream (and in the store, once read back). */
public record RecordedEvent<E>(long globalPosition, UUID eventId, UUID streamId, long streamVersion, E event) {
}
