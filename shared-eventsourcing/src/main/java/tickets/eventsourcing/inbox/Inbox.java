package tickets.eventsourcing.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import tickets.eventsourcing.CommandContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Idempotent consumption: the event id is recorded in {@code processed_messages} in the same
 * transaction as the handler's effects, so a redelivered record (Kafka is at-least-once) or one
 * replayed after a crash is applied exactly once.
 *
 * <p>Use from an {@code @Incoming} method that takes the payload and the record's metadata and
 * returns the {@code Uni}: the record is acknowledged only when the returned {@code Uni}
 * completes, i.e. after the commit. The consumer's name in the inbox is the channel's.
 *
 * <pre>{@code
 * @Incoming("users")
 * public Uni<Void> on(String payload, IncomingKafkaRecordMetadata<String, String> record) {
 *     return inbox.handle(record, UsersIntegrationEvent.class, (event, context) -> switch (event) {
 *         case UserRegistered registered -> finance.open(registered, context);
 *         case UserRoleUpdated updated -> Uni.createFrom().voidItem();
 *     });
 * }
 * }</pre>
 *
 * <p>A channel consumed in batches uses {@link #handleBatch} the same way.
 *
 * <p>Only a poison record fails (and the channel's dead-letter strategy moves it aside). Any other
 * failure, a database outage say, is retried with capped backoff for as long as it takes: the
 * partition waits, nothing is skipped, and {@link ConsumerHealth} reports the consumer degraded.
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

    private static final String MARK = """
            insert into processed_messages (consumer, message_id) values (:consumer, :messageId)
            on conflict do nothing""";

    @Inject
    ObjectMapper json;
    @Inject
    ConsumerHealth health;
    @Inject
    DeadLetters deadLetters;
    @ConfigProperty(name = "tickets.inbox.retry.initial-backoff", defaultValue = "PT0.1S")
    Duration initialBackoff;
    @ConfigProperty(name = "tickets.inbox.retry.max-backoff", defaultValue = "PT5S")
    Duration maxBackoff;

    /**
     * Decodes the record as {@code contract} and hands it to {@code handler} once per event id.
     * A type the contract does not know is marked processed and skipped.
     */
    public <E> Uni<Void> handle(IncomingKafkaRecordMetadata<String, String> record, Class<E> contract,
                                IntegrationEventHandler<E> handler) {
        return handle(record, contract, Set.of(), handler);
    }

    /**
     * As {@link #handle(IncomingKafkaRecordMetadata, Class, IntegrationEventHandler)}, but an event of
     * one of the {@code ignored} types is acknowledged at once, without a transaction or an inbox row:
     * doing nothing needs no once-only guard. A consumer of a topic usually needs only some of its
     * types; each of the others would otherwise cost a transaction and a commit.
     */
    public <E> Uni<Void> handle(IncomingKafkaRecordMetadata<String, String> record, Class<E> contract,
                                Set<Class<? extends E>> ignored, IntegrationEventHandler<E> handler) {
        String consumer = record.getChannel();
        IncomingEvent event;
        Optional<E> decoded;
        try {
            event = IncomingEvent.from(record.getRecord());
            decoded = ContractCodec.of(contract).decode(json, event);
        } catch (PoisonMessage poison) {
            LOG.warnf("%s moves a poison record aside: %s", consumer, poison.getMessage());
            return Uni.createFrom().failure(poison);
        }
        if (decoded.isPresent() && ignored.contains(decoded.get().getClass())) {
            return Uni.createFrom().voidItem();
        }
        CommandContext context = CommandContext.causedBy(event);
        return processOnce(consumer, event.id(), () -> decoded.map(e -> handler.handle(e, context))
                .orElseGet(() -> Uni.createFrom().voidItem()));
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
        Map<UUID, IntegrationBatchHandler.Received<E>> byId = new LinkedHashMap<>();
        Set<UUID> notOurs = new HashSet<>();
        Uni<Void> deadLettered = Uni.createFrom().voidItem();
        for (ConsumerRecord<String, String> record : batch.getRecords()) {
            try {
                IncomingEvent event = IncomingEvent.from(record);
                Optional<E> decoded = ContractCodec.of(contract).decode(json, event);
                if (decoded.isEmpty()) {
                    notOurs.add(event.id());
                } else {
                    byId.putIfAbsent(event.id(), new IntegrationBatchHandler.Received<>(decoded.get(),
                            CommandContext.causedBy(event)));
                }
            } catch (RuntimeException unreadable) {
                // PoisonMessage, or anything else that stops a record from being read: it alone goes aside
                String reason = unreadable instanceof PoisonMessage ? unreadable.getMessage() : unreadable.toString();
                LOG.warnf("%s moves a poison record aside: %s", consumer, reason);
                deadLettered = deadLettered.chain(() -> deadLetters.send(record, reason)
                        .onFailure().invoke(failure -> {
                            health.failed(consumer, failure);
                            LOG.warnf("%s cannot dead-letter a poison record yet, retries: %s", consumer, failure.toString());
                        })
                        .onFailure().retry().withBackOff(initialBackoff, maxBackoff).indefinitely());
            }
        }
        List<UUID> ids = new ArrayList<>(byId.keySet());
        ids.addAll(notOurs);
        String description = ids.size() + " records";
        return deadLettered.chain(() -> ids.isEmpty() ? Uni.createFrom().voidItem()
                : retried(vertxContext, consumer, description, failure -> true, () -> markProcessed(consumer, ids).chain(fresh -> {
                    List<IntegrationBatchHandler.Received<E>> toHandle = new ArrayList<>(fresh.size());
                    byId.forEach((id, received) -> {
                        if (fresh.contains(id)) {
                            toHandle.add(received);
                        }
                    });
                    long began = System.nanoTime();
                    return (toHandle.isEmpty() ? Uni.createFrom().voidItem() : handler.handle(toHandle))
                            .invoke(() -> LOG.debugf("%s handled a batch of %d (%d new) in %d ms before the commit",
                                    consumer, ids.size(), toHandle.size(), (System.nanoTime() - began) / 1_000_000));
                })));
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
     * Applies {@code effects} unless {@code consumer} already processed {@code messageId}, retrying
     * every failure but poison until it succeeds.
     */
    public Uni<Void> processOnce(String consumer, UUID messageId, java.util.function.Supplier<Uni<Void>> effects) {
        return retried(io.vertx.core.Vertx.currentContext(), consumer, messageId.toString(),
                failure -> !(failure instanceof PoisonMessage), () -> markProcessed(consumer, messageId).chain(fresh -> {
                    if (!fresh) {
                        LOG.debugf("%s skips %s: already processed", consumer, messageId);
                        return Uni.createFrom().voidItem();
                    }
                    return effects.get();
                }));
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
        return Uni.createFrom().deferred(() -> Panache.withTransaction(work))
                .runSubscriptionOn(task -> {
                    if (vertxContext == null) {
                        task.run();
                    } else {
                        vertxContext.runOnContext(ignored -> task.run());
                    }
                })
                .onFailure(retryable)
                .invoke(failure -> {
                    health.failed(consumer, failure);
                    LOG.warnf("%s failed on %s and retries: %s", consumer, what, failure.toString());
                })
                .onFailure(retryable)
                .retry().withBackOff(initialBackoff, maxBackoff).indefinitely()
                .invoke(() -> health.recovered(consumer));
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
