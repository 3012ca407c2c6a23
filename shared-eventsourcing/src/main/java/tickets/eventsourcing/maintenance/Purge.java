package tickets.eventsourcing.maintenance;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Keeps the outbox and the inbox from growing forever, in small batches on a schedule.
 *
 * <ul>
 *   <li>Outbox rows older than {@code tickets.outbox.retention} (default one hour). The relay reads
 *       committed rows from the write-ahead log, not from the table, and the replication slot keeps
 *       that log until the relay has confirmed it, so a purged row is still relayed; the table is
 *       only kept a while for people looking at it. The relay skips the deletes.</li>
 *   <li>Processed-message rows older than {@code tickets.inbox.retention} (default 14 days). It must
 *       be longer than the topics' retention (Kafka's default and the devstack's: 7 days): a record
 *       can be redelivered only while Kafka still has it.</li>
 * </ul>
 */
@ApplicationScoped
public class Purge {

    private static final Logger LOG = Logger.getLogger(Purge.class);

    private static final String OUTBOX = """
            delete from outbox where id in (
                select id from outbox where created_at < now() - :seconds * interval '1 second' limit :batch)""";
    private static final String INBOX = """
            delete from processed_messages where (consumer, message_id) in (
                select consumer, message_id from processed_messages
                where processed_at < now() - :seconds * interval '1 second' limit :batch)""";

    @ConfigProperty(name = "tickets.outbox.retention", defaultValue = "PT1H")
    Duration outboxRetention;
    @ConfigProperty(name = "tickets.inbox.retention", defaultValue = "P14D")
    Duration inboxRetention;
    @ConfigProperty(name = "tickets.purge.batch-size", defaultValue = "5000")
    int batchSize;

    /** How many rows one purge removed. */
    public record Purged(long outboxRows, long inboxRows) {
    }

    @Scheduled(every = "${tickets.purge.every:10m}", delayed = "${tickets.purge.first-after:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge().invoke(purged -> {
            if (purged.outboxRows() + purged.inboxRows() > 0) {
                LOG.infof("purged %d outbox rows and %d processed-message rows", purged.outboxRows(), purged.inboxRows());
            }
        }).onFailure().recoverWithItem(failure -> {
            LOG.warnf("purging the outbox and inbox failed, will try again: %s", failure.toString());
            return null;
        }).replaceWithVoid();
    }

    /** Deletes every row past its retention, a batch per transaction. */
    public Uni<Purged> purge() {
        return drain(OUTBOX, outboxRetention, 0).chain(outbox -> drain(INBOX, inboxRetention, 0)
                .map(inbox -> new Purged(outbox, inbox)));
    }

    private Uni<Long> drain(String sql, Duration retention, long sofar) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(sql)
                        .setParameter("seconds", retention.toSeconds())
                        .setParameter("batch", batchSize)
                        .executeUpdate()))
                .chain(deleted -> deleted < batchSize ? Uni.createFrom().item(sofar + deleted)
                        : drain(sql, retention, sofar + deleted));
    }
}
