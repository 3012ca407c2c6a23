package tickets.eventsourcing.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import io.micrometer.core.instrument.Counter;
import org.jboss.logging.Logger;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.Sequentially;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Idempotent consumption: the event id is recorded in {@code processed_messages} in the same
 * transaction as the handler's effects, so a redelivered record (Kafka is at-least-once) or one
 * replayed after a crash is applied exactly once. The consumer's name in the inbox is the channel's.
 *
 * <p>Every channel is consumed in batches (the shared configuration sets {@code batch=true}): a
 * saga step handles each event with {@link #handleEach}, all of a batch in one transaction; a step
 * that decides a whole batch at once (a flash sale's carts) uses {@link #handleBatch}. The batch is
 * acknowledged only when the returned {@code Uni} completes, i.e. after the commit.
 *
 * <p>Before a saga step reads anything, its saga (the event's correlation: the purchase) is locked for
 * the transaction ({@link tickets.eventsourcing.DecisionLocks}); a batch takes the sagas of all its events
 * at once, in the one sorted order. So a step that reads the purchase and decides for another stream
 * cannot meet another step of the same purchase (from another topic) half-way.
 *
 * <p>Only a poison record is refused, and it alone goes to the dead-letter topic ({@link DeadLetters}).
 * Any other failure, a database outage say, is retried with capped backoff for as long as it takes:
 * the partition waits, nothing is skipped, and {@link ConsumerHealth} reports the consumer degraded.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    private static final String MARK_ALL = """
            with fresh as (
                insert into processed_messages (consumer, message_id)
                select :consumer, cast(id as uuid) from jsonb_array_elements_text(cast(cast(:ids as text) as jsonb)) as ids(id)
                order by 2 -- one order for every writer: two overlapping batches queue instead of deadlocking
                on conflict do nothing
                returning message_id)
            select message_id from fresh""";

    /** {@link #MARK_ALL} for a batch of several consumers (a channel reading several topics): each id under its own. */
    private static final String MARK_EACH = """
            with fresh as (
                insert into processed_messages (consumer, message_id)
                select message->>'consumer', cast(message->>'id' as uuid)
                from jsonb_array_elements(cast(cast(:messages as text) as jsonb)) as messages(message)
                order by 2, 1 -- one order for every writer: two overlapping batches queue instead of deadlocking
                on conflict do nothing
                returning consumer, message_id)
            select consumer || '/' || message_id from fresh""";

    private static final String MARK = """
            insert into processed_messages (consumer, message_id) values (:consumer, :messageId)
            on conflict do nothing""";

    @Inject
    ObjectMapper json;
    @Inject
    ConsumerHealth health;
    @Inject
    DeadLetters deadLetters;
    @Inject
    ConsumerSpans spans;
    @Inject
    tickets.eventsourcing.DecisionLocks locks;
    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;
    @ConfigProperty(name = "tickets.inbox.retry.initial-backoff", defaultValue = "PT0.1S")
    Duration initialBackoff;
    @ConfigProperty(name = "tickets.inbox.retry.max-backoff", defaultValue = "PT5S")
    Duration maxBackoff;

    /**
     * Hands each event of a batch to {@code handler} once per event id, in arrival order, all in one
     * transaction: one inbox statement and one commit for the whole batch instead of one each. A type
     * the contract does not know is marked processed and skipped; an event of one of the
     * {@code ignored} types is acknowledged without an inbox row (doing nothing needs no once-only
     * guard); a record that cannot be read goes to the dead-letter topic alone.
     *
     * <p>Should the batch's transaction fail (a concurrent change to one of its streams, a poison
     * event refused by its handler, the database away), nothing of it stays and its records are
     * handled again one by one, each in its own transaction: a poison one goes aside alone, any
     * other failure is retried with capped backoff until it succeeds. So a batch is never half
     * applied, and per-key order holds. Use from an {@code @Incoming} method of a batch channel that
     * returns the {@code Uni}: the batch is acknowledged after the commit.
     *
     * <pre>{@code
     * @Incoming("users")
     * public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
     *     return inbox.handleEach(batch, UsersIntegrationEvent.class, Set.of(UserRoleUpdated.class),
     *             (event, context) -> switch (event) {
     *                 case UserRegistered registered -> finance.open(registered, context);
     *                 case UserRoleUpdated updated -> Uni.createFrom().voidItem(); // ignored above
     *             });
     * }
     * }</pre>
     */
    public <E> Uni<Void> handleEach(IncomingKafkaRecordBatchMetadata<String, String> batch, Class<E> contract,
                                    Set<Class<? extends E>> ignored, IntegrationEventHandler<E> handler) {
        return handleEach(batch, contract, ignored, events -> Uni.createFrom().voidItem(), handler);
    }

    /**
     * What a consumer locks before it handles the events of a batch (or one event, when a batch is handled
     * one by one), in the same transaction, after the sagas' locks: locks that must be taken in one order
     * (a ledger's rows, say) are taken here for the whole batch, not event after event in arrival order.
     */
    @FunctionalInterface
    public interface BatchPreparation<E> {
        Uni<Void> prepare(List<E> events);
    }

    /** {@link #handleEach}, preparing each batch first (see {@link BatchPreparation}). */
    public <E> Uni<Void> handleEach(IncomingKafkaRecordBatchMetadata<String, String> batch, Class<E> contract,
                                    Set<Class<? extends E>> ignored, BatchPreparation<E> preparation,
                                    IntegrationEventHandler<E> handler) {
        String channel = batch.getChannel();
        Route<E> route = new Route<>(channel, contract, ignored, preparation, handler);
        return handleEach(channel, batch, record -> route);
    }

    /**
     * One topic of a consumer that reads several on one channel: the topic, its contract, the types it ignores, what
     * it locks first and its handler. Its name in the inbox (and in spans, health and dead-letter counts) is the
     * context that publishes the topic ({@code carts} for {@code carts.events}), as a channel of its own was named.
     */
    public record Route<E>(String consumer, Class<E> contract, Set<Class<? extends E>> ignored,
                           BatchPreparation<E> preparation, IntegrationEventHandler<E> handler) {

        public static <E> Route<E> of(String topic, Class<E> contract, Set<Class<? extends E>> ignored,
                                      IntegrationEventHandler<E> handler) {
            return of(topic, contract, ignored, events -> Uni.createFrom().voidItem(), handler);
        }

        public static <E> Route<E> of(String topic, Class<E> contract, Set<Class<? extends E>> ignored,
                                      BatchPreparation<E> preparation, IntegrationEventHandler<E> handler) {
            return new Route<>(consumerOf(topic), contract, ignored, preparation, handler);
        }

        /** {@code carts.events} → {@code carts}. */
        static String consumerOf(String topic) {
            return topic.endsWith(".events") ? topic.substring(0, topic.length() - ".events".length()) : topic;
        }

        boolean ignores(Object event) {
            return ignored.contains(event.getClass());
        }

        Uni<Void> prepare(List<?> events) {
            return preparation.prepare(events.stream().map(contract::cast).toList());
        }

        Uni<Void> handle(Object event, CommandContext context) {
            return handler.handle(contract.cast(event), context);
        }
    }

    /**
     * {@link #handleEach} for a channel that reads several topics ({@code topics=a.events,b.events}): each record goes
     * to the route of its topic, and a batch that mixes topics is still one transaction. So the events of one
     * purchase that arrive together from different topics are one commit, and a service's topics never queue on
     * each other's saga locks as separate channels did.
     */
    public Uni<Void> handleEach(IncomingKafkaRecordBatchMetadata<String, String> batch, List<Route<?>> routes) {
        Map<String, Route<?>> byTopic = new java.util.HashMap<>();
        for (Route<?> route : routes) {
            byTopic.put(route.consumer() + ".events", route);
        }
        return handleEach(batch.getChannel(), batch, record -> byTopic.get(record.topic()));
    }

    private Uni<Void> handleEach(String channel, IncomingKafkaRecordBatchMetadata<String, String> batch,
                                 java.util.function.Function<ConsumerRecord<String, String>, Route<?>> routeOf) {
        io.vertx.core.Context vertxContext = io.vertx.core.Vertx.currentContext();
        Decoded decoded = decode(channel, batch, routeOf);
        List<Readable> toHandle = decoded.readable().stream()
                .filter(one -> one.event().isEmpty() || !one.route().ignores(one.event().get()))
                .toList();
        if (toHandle.isEmpty()) {
            return decoded.deadLettered();
        }
        return decoded.deadLettered()
                .chain(() -> onContext(vertxContext, () -> Panache.withTransaction(() -> locks.lockAll(toHandle.stream()
                                .map(one -> one.context().correlationId()).toList())
                        .chain(() -> markProcessed(toHandle))
                        .chain(fresh -> {
                            List<Readable> fresher = toHandle.stream().filter(fresh::contains).toList();
                            return prepare(toHandle, fresher)
                                    .chain(() -> Sequentially.forEach(fresher,
                                            one -> apply(one).call(Inbox::flushAndForget)));
                        }))))
                .onFailure().recoverWithUni(failure -> {
                    LOG.infof("%s handles a batch of %d one by one after: %s", channel, toHandle.size(), failure.toString());
                    return Sequentially.forEach(toHandle, one -> retried(vertxContext, one.route().consumer(), one.id().toString(),
                            problem -> !(problem instanceof PoisonMessage), () -> locks.lock(List.of(one.context().correlationId()))
                                    .chain(() -> markProcessed(one.route().consumer(), one.id()))
                                    .chain(fresh -> fresh ? prepare(List.of(one), List.of(one)).chain(() -> apply(one))
                                            : Uni.createFrom().voidItem()))
                            .onFailure(PoisonMessage.class).recoverWithUni(poison -> {
                                LOG.warnf("%s moves a poison record aside: %s", one.route().consumer(), poison.getMessage());
                                return deadLetter(one.route().consumer(), one.record(), poison.getMessage());
                            }));
                });
    }

    /** Each route of the batch prepares for its fresh events, routes in the order they first appear. */
    private static Uni<Void> prepare(List<Readable> batch, List<Readable> fresh) {
        List<Route<?>> routes = batch.stream().<Route<?>>map(Readable::route).distinct().toList();
        return Sequentially.forEach(routes, route -> route.prepare(fresh.stream()
                .filter(one -> one.route() == route).flatMap(one -> one.event().stream()).toList()));
    }

    /**
     * Writes what an event changed and empties the session: Hibernate checks every entity the session
     * holds for changes before each flush and each query, so a session that kept a whole batch's
     * entities would make each event cost more than the one before it.
     */
    private static Uni<Void> flushAndForget() {
        return Panache.getSession().chain(session -> session.flush().invoke(session::clear)).replaceWithVoid();
    }

    /** Hands a known event to its route's handler, in a consumer span that continues the producer's trace. */
    private Uni<Void> apply(Readable one) {
        return one.event()
                .map(event -> spans.around(one.route().consumer(), one.record(), event.getClass().getSimpleName(),
                        one.context(), context -> one.route().handle(event, context)))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    /** A record of a batch that could be read: its route, and its event if the route's contract knows its type. */
    private record Readable(ConsumerRecord<String, String> record, UUID id, Optional<?> event, CommandContext context,
                            Route<?> route) {
    }

    /** A batch read: its readable records, first occurrence of each event id in arrival order, and its poison sent aside. */
    private record Decoded(List<Readable> readable, Uni<Void> deadLettered) {
    }

    private Decoded decode(String channel, IncomingKafkaRecordBatchMetadata<String, String> batch,
                           java.util.function.Function<ConsumerRecord<String, String>, Route<?>> routeOf) {
        Map<String, Readable> byId = new LinkedHashMap<>();
        Uni<Void> deadLettered = Uni.createFrom().voidItem();
        for (ConsumerRecord<String, String> record : batch.getRecords()) {
            Route<?> route = routeOf.apply(record);
            String consumer = route == null ? channel : route.consumer();
            try {
                if (route == null) {
                    throw new PoisonMessage("channel " + channel + " has no route for topic " + record.topic());
                }
                IncomingEvent event = IncomingEvent.from(record);
                byId.putIfAbsent(consumer + "/" + event.id(), new Readable(record, event.id(),
                        ContractCodec.of(route.contract()).decode(json, event), CommandContext.causedBy(event), route));
            } catch (RuntimeException unreadable) {
                // PoisonMessage, or anything else that stops a record from being read: it alone goes aside
                String reason = unreadable instanceof PoisonMessage ? unreadable.getMessage() : unreadable.toString();
                LOG.warnf("%s moves a poison record aside: %s", consumer, reason);
                deadLettered = deadLettered.chain(() -> deadLetter(consumer, record, reason));
            }
        }
        return new Decoded(List.copyOf(byId.values()), deadLettered);
    }

    private Uni<Void> deadLetter(String consumer, ConsumerRecord<String, String> record, String reason) {
        return deadLetters.send(record, reason)
                .invoke(() -> deadLettered(consumer).increment())
                .onFailure().invoke(failure -> {
                    health.failed(consumer, failure);
                    LOG.warnf("%s cannot dead-letter a poison record yet, retries: %s", consumer, failure.toString());
                })
                .onFailure().retry().withBackOff(initialBackoff, maxBackoff).indefinitely();
    }

    /**
     * Records the batch's ids, each under its consumer's name, in the current transaction, in one statement; returns
     * the records that were not there yet.
     */
    private Uni<Set<Readable>> markProcessed(List<Readable> batch) {
        List<Map<String, String>> messages = batch.stream()
                .map(one -> Map.of("consumer", one.route().consumer(), "id", one.id().toString())).toList();
        String encoded;
        try {
            encoded = json.writeValueAsString(messages);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(MARK_EACH, String.class)
                        .setParameter("messages", encoded)
                        .getResultList())
                .map(rows -> {
                    Set<String> fresh = Set.copyOf(rows);
                    return batch.stream().filter(one -> fresh.contains(one.route().consumer() + "/" + one.id()))
                            .collect(java.util.stream.Collectors.toSet());
                });
    }

    /**
     * Decides a batch of records in one transaction: the records this consumer has processed
     * already (by event id, in one statement) are left out, the others go to {@code handler} in
     * arrival order, and their ids are recorded with its effects. A poison record is moved to the
     * dead-letter topic first and the rest goes on; any other failure retries the whole batch, so
     * a batch is never half applied. Use from an {@code @Incoming} method of a channel with
     * {@code batch=true} that returns the {@code Uni}: the batch is acknowledged after the commit.
     */
    public <E> Uni<Void> handleBatch(IncomingKafkaRecordBatchMetadata<String, String> batch, Class<E> contract,
                                     IntegrationBatchHandler<E> handler) {
        String consumer = batch.getChannel();
        io.vertx.core.Context vertxContext = io.vertx.core.Vertx.currentContext();
        Route<E> route = new Route<>(consumer, contract, Set.of(), events -> Uni.createFrom().voidItem(),
                (event, context) -> Uni.createFrom().voidItem());
        Decoded decoded = decode(consumer, batch, record -> route);
        List<UUID> ids = decoded.readable().stream().map(Readable::id).toList();
        String description = ids.size() + " records";
        return decoded.deadLettered().chain(() -> ids.isEmpty() ? Uni.createFrom().voidItem()
                : retried(vertxContext, consumer, description, failure -> true, () -> markProcessed(consumer, ids).chain(fresh -> {
                    List<Readable> known = decoded.readable().stream()
                            .filter(one -> fresh.contains(one.id()) && one.event().isPresent()).toList();
                    if (known.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    long began = System.nanoTime();
                    List<ConsumerSpans.Handled> handled = known.stream().map(one -> new ConsumerSpans.Handled(one.record(),
                            one.event().get().getClass().getSimpleName(), one.context())).toList();
                    return spans.aroundAll(consumer, handled, contexts -> {
                                List<IntegrationBatchHandler.Received<E>> toHandle = new ArrayList<>(known.size());
                                for (int i = 0; i < known.size(); i++) {
                                    toHandle.add(new IntegrationBatchHandler.Received<>(contract.cast(known.get(i).event().get()),
                                            contexts.get(i)));
                                }
                                return handler.handle(toHandle);
                            })
                            .invoke(() -> LOG.debugf("%s handled a batch of %d (%d new) in %d ms before the commit",
                                    consumer, ids.size(), known.size(), (System.nanoTime() - began) / 1_000_000));
                })));
    }

    /** Records moved to the dead-letter topic, per consumer ({@code tickets_dead_letters_total}); present at 0 from the start. */
    Counter deadLettered(String consumer) {
        return Counter.builder("tickets.dead.letters").tag("consumer", consumer)
                .description("records this consumer could not read, moved to the dead-letter topic").register(metrics);
    }

    /** Every consumer's dead-letter count exists from the start, so "none" is a 0 an alert can watch, not a gap. */
    void registerConsumers(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent start) {
        org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("mp.messaging.incoming.") && name.endsWith(".topic")) {
                deadLettered(name.substring("mp.messaging.incoming.".length(), name.length() - ".topic".length()));
            } else if (name.startsWith("mp.messaging.incoming.") && name.endsWith(".topics")) { // one per route
                for (String topic : config.getValue(name, String.class).split(",")) {
                    deadLettered(Route.consumerOf(topic.strip()));
                }
            }
        }
    }

    /** Records the ids in the current transaction; returns those that were not there yet. */
    public Uni<Set<UUID>> markProcessed(String consumer, List<UUID> messageIds) {
        String ids = tickets.eventsourcing.EventStore.uuidArray(json, messageIds);
        return Panache.getSession().chain(session -> session.createNativeQuery(MARK_ALL, UUID.class)
                        .setParameter("consumer", consumer)
                        .setParameter("ids", ids)
                        .getResultList())
                .map(Set::copyOf);
    }

    /**
     * Runs {@code work} in a transaction, retrying every failure that {@code retryable} accepts until
     * it succeeds (for a batch: every failure, since a batch cannot be dead-lettered in part).
     * Each attempt, the retries included, runs on the record's Vert.x context: the reactive session
     * needs it, and a backoff delay (or a dead-letter acknowledgement) fires on another thread.
     */
    private Uni<Void> retried(io.vertx.core.Context vertxContext, String consumer, String what,
                              java.util.function.Predicate<Throwable> retryable,
                              java.util.function.Supplier<Uni<Void>> work) {
        return onContext(vertxContext, () -> Panache.withTransaction(work))
                .onFailure(retryable)
                .invoke(failure -> {
                    health.failed(consumer, failure);
                    LOG.warnf("%s failed on %s and retries: %s", consumer, what, failure.toString());
                })
                .onFailure(retryable)
                .retry().withBackOff(initialBackoff, maxBackoff).indefinitely()
                .invoke(() -> health.recovered(consumer));
    }

    /** Subscribes on the record's Vert.x context (when there is one), where the reactive session must run. */
    private static <T> Uni<T> onContext(io.vertx.core.Context vertxContext, java.util.function.Supplier<Uni<? extends T>> work) {
        return Uni.createFrom().deferred(work).runSubscriptionOn(task -> {
            if (vertxContext == null) {
                task.run();
            } else {
                vertxContext.runOnContext(ignored -> task.run());
            }
        });
    }

    /** Records the id in the current transaction; false if it was already there. */
    public Uni<Boolean> markProcessed(String consumer, UUID messageId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(MARK)
                        .setParameter("consumer", consumer)
                        .setParameter("messageId", messageId)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
