package tickets.eventsourcing.inbox;

import io.smallrye.mutiny.Uni;
import tickets.eventsourcing.CommandContext;

import java.util.List;

/**
 * A saga step that decides many integration events at once, in one transaction (see
 * {@link Inbox#handleBatch}): it gets only the events this consumer has not processed yet, in
 * arrival order, each with the context its commands carry. It must be all-or-nothing: a failure
 * rolls the whole batch back and the batch is retried.
 */
@FunctionalInterface
public interface IntegrationBatchHandler<E> {

    /** One event of the batch and the context of what it causes ({@link CommandContext#causedBy}). */
    record Received<E>(E event, CommandContext context) {
    }

    Uni<Void> handle(List<Received<E>> events);
}
