package tickets.eventsourcing.inbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

/**
 * Idempotent consumption: the event id is recorded in {@code processed_messages} in the same
 * transaction as the handler's effects, so a redelivered record (Kafka is at-least-once) or one
 * replayed after a crash is applied exactly once.
 *
 * <p>Use from an {@code @Incoming} method that takes the {@link ConsumerRecord} and returns the
 * {@code Uni}: the record is acknowledged only when the returned {@code Uni} completes, i.e.
 * after the commit. Transient failures are retried; a poison record fails at once, and the
 * channel's dead-letter strategy moves it aside.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    private static final String MARK = """
            insert into processed_messages (consumer, message_id) values (:consumer, :messageId)
            on conflict do nothing""";

    /** Applies {@code effects} to the record unless {@code consumer} already processed its event id. */
    public Uni<Void> processOnce(String consumer, ConsumerRecord<String, String> record,
                                 Function<IncomingEvent, Uni<Void>> effects) {
        IncomingEvent event = IncomingEvent.from(record);
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> markProcessed(consumer, event.id())
                        .chain(fresh -> {
                            if (!fresh) {
                                LOG.debugf("%s skips %s %s: already processed", consumer, event.type(), event.id());
                                return Uni.createFrom().voidItem();
                            }
                            return effects.apply(event);
                        })))
                .onFailure(failure -> !(failure instanceof PoisonMessage))
                .retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).atMost(5);
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
