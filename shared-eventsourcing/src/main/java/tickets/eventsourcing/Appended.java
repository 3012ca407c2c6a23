package tickets.eventsourcing;

import java.util.List;
import java.util.UUID;

/** What one handled command appended: the events as recorded, the state and version after them, and why. */
public record Appended<S, E>(UUID streamId, S stateAfter, long versionAfter, List<RecordedEvent<E>> events,
                             CommandContext context) {

    public List<E> newEvents() {
        return events.stream().map(RecordedEvent::event).toList();
    }

    /** The context of work this event sets off later (a timer): this command's correlation, caused by the event. */
    public CommandContext causedBy(RecordedEvent<E> event) {
        return CommandContext.forTimer(context.correlationId(), event.eventId().toString());
    }
}
