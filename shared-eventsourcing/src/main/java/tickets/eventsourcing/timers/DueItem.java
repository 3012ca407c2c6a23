package tickets.eventsourcing.timers;

import tickets.eventsourcing.CommandContext;

import java.time.Instant;
import java.util.UUID;

/**
 * One piece of due work as its handler gets it. {@code now} is the database's clock at the claim:
 * the same clock that decided the work was due, so a handler never disagrees with the timer.
 */
public record DueItem(UUID id, String kind, UUID streamId, Instant dueAt, Instant now, int attempts,
                      String correlationId, String causationId) {

    /** The context of the commands this work issues: the stream's correlation, caused by what scheduled it. */
    public CommandContext context() {
        return CommandContext.forTimer(correlationId, causationId);
    }
}
