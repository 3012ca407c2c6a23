package tickets.eventsourcing;

import java.util.Objects;
import java.util.UUID;

/**
 * Who asked for a change and why: stored with every event (metadata) and every outbox message
 * (headers). {@code correlationId} ties a saga together; {@code causationId} is the request or
 * event that caused this command.
 */
public record CommandContext(String correlationId, String causationId, String userId) {

    public CommandContext {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(causationId, "causationId");
    }

    /** A command from an HTTP request: correlated to the request's id unless the caller supplied one. */
    public static CommandContext ofRequest(String requestCorrelationId, String userId) {
        String requestId = UUID.randomUUID().toString();
        String correlation = requestCorrelationId == null || requestCorrelationId.isBlank() ? requestId : requestCorrelationId;
        return new CommandContext(correlation, requestId, userId);
    }
}
