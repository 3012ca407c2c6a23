package tickets.eventsourcing;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;

/**
 * Load, decide, append: the one way every service changes an aggregate. In one reactive
 * transaction it folds the stream, checks the expected version, asks the aggregate to decide,
 * appends the new events, writes their integration events to the outbox and updates the read
 * models. A lost race on the stream version becomes a {@link ConcurrencyConflict}.
 */
@ApplicationScoped
public class CommandHandler {

    private final EventStore store;
    private final Outbox outbox;

    @Inject
    public CommandHandler(EventStore store, Outbox outbox) {
        this.store = store;
        this.outbox = outbox;
    }

    /** Handles a command in its own transaction (or joins the caller's, e.g. an inbox handler's). */
    public <S, C, E> Uni<CommandResult<S, E>> handle(AggregateDefinition<S, C, E> aggregate, UUID streamId,
                                                     ExpectedVersion expected, C command, CommandContext context) {
        return Panache.withTransaction(() -> decideAndAppend(aggregate, streamId, expected, command, context))
                .onFailure(EventStore::isUniqueViolation)
                .transform(e -> new ConcurrencyConflict(aggregate.streamType() + " " + streamId
                        + " was changed concurrently; read it again and retry", e));
    }

    private <S, C, E> Uni<CommandResult<S, E>> decideAndAppend(AggregateDefinition<S, C, E> aggregate, UUID streamId,
                                                              ExpectedVersion expected, C command,
                                                              CommandContext context) {
        return store.readStream(streamId, aggregate.codec()).chain(history -> {
            long currentVersion = history.isEmpty() ? 0 : history.getLast().streamVersion();
            expected.check(aggregate.streamType(), streamId, currentVersion);
            S state = aggregate.fold(history.stream().map(RecordedEvent::event).toList());
            List<E> newEvents = aggregate.decide(command, state);
            if (newEvents.isEmpty()) {
                return Uni.createFrom().item(new CommandResult<>(streamId, state, currentVersion, newEvents));
            }
            S stateAfter = state;
            for (E event : newEvents) {
                stateAfter = aggregate.evolve(stateAfter, event);
            }
            S finalState = stateAfter;
            long versionAfter = currentVersion + newEvents.size();
            return store.append(aggregate.streamType(), streamId, currentVersion, newEvents, aggregate.codec(), context)
                    .chain(recorded -> publishAll(aggregate, streamId, recorded, context))
                    .chain(() -> aggregate.project(streamId, finalState, versionAfter, newEvents))
                    // flush now so a version conflict surfaces here, inside the transaction's failure path
                    .chain(() -> Panache.flush())
                    .replaceWith(new CommandResult<>(streamId, finalState, versionAfter, newEvents));
        });
    }

    private <S, C, E> Uni<Void> publishAll(AggregateDefinition<S, C, E> aggregate, UUID streamId,
                                          List<RecordedEvent<E>> recorded, CommandContext context) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (RecordedEvent<E> event : recorded) {
            for (OutgoingMessage message : aggregate.publish(streamId, event.event())) {
                chain = chain.chain(() -> outbox.enqueue(aggregate.streamType(), streamId, message,
                        context.correlationId(), event.eventId().toString()).replaceWithVoid());
            }
        }
        return chain;
    }
}
