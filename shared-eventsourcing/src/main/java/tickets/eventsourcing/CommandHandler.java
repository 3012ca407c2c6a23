package tickets.eventsourcing;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;

/**
 * Load, decide, append: the one way every service changes an aggregate. In one reactive
 * transaction it locks the command's saga (its correlation: the purchase) and then the stream
 * ({@link DecisionLocks}, the one lock order every writer follows), folds the stream, checks the
 * expected version, asks the aggregate to decide, appends the new events, writes their integration
 * events to the outbox, updates the read model and applies the aggregate's other effects. Whatever
 * the caller read under the same locks before (another stream of the purchase, say) cannot change
 * until the transaction ends.
 *
 * <p>A lost race on the stream version, a deadlock or a serialization failure becomes a
 * {@link ConcurrencyConflict} (retrying may succeed); any other unique constraint is the
 * aggregate's to explain ({@link AggregateDefinition#uniqueViolation}), or a bug.
 */
@ApplicationScoped
public class CommandHandler {

    private final EventStore store;
    private final Outbox outbox;
    private final DecisionLocks locks;

    @Inject
    public CommandHandler(EventStore store, Outbox outbox, DecisionLocks locks) {
        this.store = store;
        this.outbox = outbox;
        this.locks = locks;
    }

    /** Handles a command in its own transaction (or joins the caller's, e.g. an inbox handler's). */
    public <S, C, E> Uni<CommandResult<S, E>> handle(AggregateDefinition<S, C, E> aggregate, UUID streamId,
                                                     ExpectedVersion expected, C command, CommandContext context) {
        return Panache.withTransaction(() -> decideAndAppend(aggregate, streamId, expected, command, context))
                .onFailure().transform(failure -> translate(aggregate, streamId, expected, failure));
    }

    /** A command that starts a new stream, for {@link #startAll}. */
    public record NewStream<C>(UUID streamId, C command, CommandContext context) {
    }

    /**
     * Starts many streams in one transaction (or the caller's) with a handful of multi-row
     * statements instead of a handful per stream: each command is decided on the initial state,
     * then every event, outbox row, read-model row and effect of the batch is written at once.
     * A stream that exists already is left as it is (its command is not decided), so a batch
     * replayed after a crash changes nothing twice. A stream started concurrently by someone else
     * fails the whole batch with a {@link ConcurrencyConflict}.
     *
     * @return what each started stream appended, in the order of {@code streams}
     */
    public <S, C, E> Uni<List<CommandResult<S, E>>> startAll(AggregateDefinition<S, C, E> aggregate,
                                                            List<NewStream<C>> streams) {
        return Panache.withTransaction(() -> store.existing(streams.stream().map(NewStream::streamId).toList())
                        .chain(existing -> startNew(aggregate, streams, existing)))
                .onFailure().transform(failure -> translate(aggregate, null, ExpectedVersion.ANY, failure));
    }

    private <S, C, E> Uni<List<CommandResult<S, E>>> startNew(AggregateDefinition<S, C, E> aggregate,
                                                             List<NewStream<C>> streams, java.util.Set<UUID> existing) {
        java.util.Set<UUID> taken = new java.util.HashSet<>(existing);
        List<EventStore.StreamAppend<E>> appends = new java.util.ArrayList<>();
        List<S> statesAfter = new java.util.ArrayList<>();
        for (NewStream<C> stream : streams) {
            if (!taken.add(stream.streamId())) {
                continue;
            }
            S state = aggregate.initialState();
            List<E> newEvents = aggregate.decide(stream.command(), state);
            if (newEvents.isEmpty()) {
                continue;
            }
            for (E event : newEvents) {
                state = aggregate.evolve(state, event);
            }
            appends.add(new EventStore.StreamAppend<>(aggregate.streamType(), stream.streamId(), 0, newEvents,
                    aggregate.codec(), stream.context()));
            statesAfter.add(state);
        }
        if (appends.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return store.appendAll(appends).chain(recorded -> {
            List<Appended<S, E>> appended = new java.util.ArrayList<>(appends.size());
            List<Outbox.Enqueued> messages = new java.util.ArrayList<>();
            for (int i = 0; i < appends.size(); i++) {
                EventStore.StreamAppend<E> append = appends.get(i);
                appended.add(new Appended<>(append.streamId(), statesAfter.get(i), append.events().size(),
                        recorded.get(i), append.context()));
                for (RecordedEvent<E> event : recorded.get(i)) {
                    for (OutgoingMessage message : aggregate.publish(append.streamId(), event.event())) {
                        messages.add(new Outbox.Enqueued(aggregate.streamType(), append.streamId(), message,
                                append.context().correlationId(), event.eventId().toString(), append.context().traceparent()));
                    }
                }
            }
            return outbox.enqueueAll(messages)
                    .chain(() -> aggregate.projectAll(appended))
                    .chain(() -> aggregate.reactAll(appended))
                    .call(() -> Panache.flush())
                    .replaceWith(() -> appended.stream().map(one -> new CommandResult<>(one.streamId(), one.stateAfter(),
                            one.versionAfter(), one.newEvents())).toList());
        });
    }

    /** The stream's current state and version (version 0: the stream does not exist), without changing it. */
    public <S, C, E> Uni<CommandResult<S, E>> read(AggregateDefinition<S, C, E> aggregate, UUID streamId) {
        return Panache.withSession(() -> store.readStream(streamId, aggregate.codec()).map(history -> new CommandResult<>(
                streamId, aggregate.fold(history.stream().map(RecordedEvent::event).toList()),
                history.isEmpty() ? 0 : history.getLast().streamVersion(), List.<E>of())));
    }

    private <S, C, E> Uni<CommandResult<S, E>> decideAndAppend(AggregateDefinition<S, C, E> aggregate, UUID streamId,
                                                              ExpectedVersion expected, C command,
                                                              CommandContext context) {
        // A new stream has no events to read and nobody else decides on it: only its saga is locked (a
        // request that starts its own correlation has none). Should it exist after all, its first event
        // breaks the unique (stream, version) constraint, the same ConcurrencyConflict the version check raises.
        Uni<List<RecordedEvent<E>>> streamSoFar = expected == ExpectedVersion.NO_STREAM
                ? locks.lock(sagaOf(context)).replaceWith(List.<RecordedEvent<E>>of())
                : locks.lock(sagaAndStream(context, streamId)).chain(() -> store.readStream(streamId, aggregate.codec()));
        return streamSoFar
                .chain(history -> {
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
                    return store.append(aggregate.streamType(), streamId, currentVersion, newEvents, aggregate.codec(),
                                    context)
                            .call(recorded -> publishAll(aggregate, streamId, recorded, context))
                            .call(() -> aggregate.project(streamId, finalState, versionAfter))
                            .call(recorded -> aggregate.react(new Appended<>(streamId, finalState, versionAfter,
                                    recorded, context)))
                            // flush now so a constraint violation surfaces here, inside the transaction's failure path
                            .call(() -> Panache.flush())
                            .replaceWith(new CommandResult<>(streamId, finalState, versionAfter, newEvents));
                });
    }

    /** The saga's lock, unless the command's request started its own correlation (then nobody shares it). */
    private static List<String> sagaOf(CommandContext context) {
        return context.startsItsOwnSaga() ? List.of() : List.of(context.correlationId());
    }

    private static List<String> sagaAndStream(CommandContext context, UUID streamId) {
        return context.startsItsOwnSaga() ? List.of(streamId.toString())
                : List.of(context.correlationId(), streamId.toString());
    }

    private <S, C, E> Uni<Void> publishAll(AggregateDefinition<S, C, E> aggregate, UUID streamId,
                                          List<RecordedEvent<E>> recorded, CommandContext context) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (RecordedEvent<E> event : recorded) {
            for (OutgoingMessage message : aggregate.publish(streamId, event.event())) {
                chain = chain.chain(() -> outbox.enqueue(aggregate.streamType(), streamId, message,
                        context.correlationId(), event.eventId().toString(), context.traceparent()).replaceWithVoid());
            }
        }
        return chain;
    }

    private static Throwable translate(AggregateDefinition<?, ?, ?> aggregate, UUID streamId, ExpectedVersion expected,
                                       Throwable failure) {
        if (SqlFailures.isRetryable(failure)) {
            return new ConcurrencyConflict(aggregate.streamType() + " " + (streamId == null ? "streams" : streamId)
                    + " collided with a concurrent change; retry the request", failure);
        }
        if (!SqlFailures.isUniqueViolation(failure)) {
            return failure;
        }
        String constraint = SqlFailures.constraint(failure).orElse("");
        if (constraint.equals(EventStore.STREAM_VERSION_CONSTRAINT) && expected == ExpectedVersion.NO_STREAM) {
            return new ConcurrencyConflict(aggregate.streamType() + " " + streamId + " already exists", failure);
        }
        if (constraint.equals(EventStore.STREAM_VERSION_CONSTRAINT)) {
            return new ConcurrencyConflict(aggregate.streamType() + " " + (streamId == null ? "streams" : streamId)
                    + " was changed concurrently; read it again and retry", failure);
        }
        return aggregate.uniqueViolation(constraint).map(Throwable.class::cast).orElse(failure);
    }
}
