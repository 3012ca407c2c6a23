package tickets.eventsourcing.inbox;

import io.smallrye.mutiny.Uni;
import tickets.eventsourcing.CommandContext;

/**
 * One saga step: what a consumer does with an integration event, given as its contract record and
 * the context its commands carry ({@link CommandContext#causedBy}). Runs inside the inbox's
 * transaction; written as an exhaustive {@code switch} over the sealed contract, so a new event
 * type breaks the build until each consumer has decided what it means to it.
 */
@FunctionalInterface
public interface IntegrationEventHandler<E> {

    Uni<Void> handle(E event, CommandContext context);
}
