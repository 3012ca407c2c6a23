package tickets.eventsourcing.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import tickets.eventsourcing.CommandContext;

import java.time.Duration;
import java.util.Optional;
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
 * @Incoming("carts")
 * public Uni<Void> on(String payload, IncomingKafkaRecordMetadata<String, String> record) {
 *     return inbox.handle(record, CartsIntegrationEvent.class, (event, context) -> switch (event) {
 *         case CartConfirmed confirmed -> reservations.reserve(confirmed, context);
 *     });
 * }
 * }</pre>
 *
 * <p>Only a poison record fails (and the channel's dead-letter strategy moves it aside). Any other
 * failure, a database outage say, is retried with capped backoff for as long as it takes: the
 * partition waits, nothing is skipped, and {@link ConsumerHealth} reports the consumer degraded.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    private static final String MARK = """
            insert into processed_messages (consumer, message_id) values (:consumer, :messageId)
            on conflict do nothing""";

    @Inject
    ObjectMapper json;
    @Inject
    ConsumerHealth health;
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
        CommandContext context = CommandContext.causedBy(event);
        return processOnce(consumer, event.id(), () -> decoded.map(e -> handler.handle(e, context))
                .orElseGet(() -> Uni.createFrom().voidItem()));
    }

    /**
     * Applies {@code effects} unless {@code consumer} already processed {@code messageId}, retrying
     * every failure but poison until it succeeds.
     */
    public Uni<Void> processOnce(String consumer, UUID messageId, java.util.function.Supplier<Uni<Void>> effects) {
        // Each attempt, the retries included, runs on the record's Vert.x context: the reactive
        // session needs it, and a backoff delay fires on another thread.
        io.vertx.core.Context vertxContext = io.vertx.core.Vertx.currentContext();
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> markProcessed(consumer, messageId)
                        .chain(fresh -> {
                            if (!fresh) {
                                LOG.debugf("%s skips %s: already processed", consumer, messageId);
                                return Uni.createFrom().voidItem();
                            }
                            return effects.get();
                        })))
                .runSubscriptionOn(task -> {
                    if (vertxContext == null) {
                        task.run();
                    } else {
                        vertxContext.runOnContext(ignored -> task.run());
                    }
                })
                .onFailure(failure -> !(failure instanceof PoisonMessage))
                .invoke(failure -> {
                    health.failed(consumer, failure);
                    LOG.warnf("%s failed on %s and retries: %s", consumer, messageId, failure.toString());
                })
                .onFailure(failure -> !(failure instanceof PoisonMessage))
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
