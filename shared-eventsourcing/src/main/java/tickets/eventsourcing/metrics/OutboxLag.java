package tickets.eventsourcing.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How far the outbox relay is behind this service's database, as two gauges:
 * <ul>
 *   <li>{@code tickets_outbox_lag_seconds}: the age of the oldest write the relay has not confirmed yet, i.e. of
 *   the oldest outbox row that may not be on Kafka. The relay's replication slot says up to which WAL position it
 *   has relayed; samples of the WAL position over time say when the first position past it was written.</li>
 *   <li>{@code tickets_outbox_slot_lag_bytes}: the WAL the slot keeps because the relay has not confirmed it
 *   (what max_slot_wal_keep_size bounds).</li>
 * </ul>
 * Both are NaN until the relay has created its slot ({@code outbox_<context>}). An idle outbox reads a few
 * seconds: the relay confirms with its heartbeat.
 */
@ApplicationScoped
public class OutboxLag {

    private static final Logger LOG = Logger.getLogger(OutboxLag.class);
    private static final String POSITIONS = """
            select cast(pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') as bigint),
                   (select cast(pg_wal_lsn_diff(confirmed_flush_lsn, '0/0') as bigint)
                    from pg_replication_slots where slot_name = :slot)""";
    private static final long KEEP_MILLIS = 15 * 60_000;

    @Inject
    MeterRegistry metrics;
    @ConfigProperty(name = "tickets.context")
    String context;

    /** (epoch millis, WAL position) samples, oldest first. */
    private final Deque<long[]> samples = new ArrayDeque<>();
    private volatile double lagSeconds = Double.NaN;
    private volatile double slotLagBytes = Double.NaN;

    void register(@Observes StartupEvent start) {
        Gauge.builder("tickets.outbox.lag", this, lag -> lag.lagSeconds).baseUnit("seconds")
                .description("age of the oldest write the outbox relay has not confirmed (not yet on Kafka)").register(metrics);
        Gauge.builder("tickets.outbox.slot.lag", this, lag -> lag.slotLagBytes).baseUnit("bytes")
                .description("WAL kept by the outbox relay's replication slot").register(metrics);
    }

    @Scheduled(every = "${tickets.outbox.lag.sample-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sample() {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(POSITIONS)
                        .setParameter("slot", "outbox_" + context).getSingleResult()))
                .invoke(row -> {
                    Object[] columns = (Object[]) row;
                    long current = ((Number) columns[0]).longValue();
                    Long confirmed = columns[1] == null ? null : ((Number) columns[1]).longValue();
                    update(System.currentTimeMillis(), current, confirmed);
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("outbox lag not sampled: %s", failure.toString());
                    return null;
                })
                .replaceWithVoid();
    }

    /** Adds a sample (now, the WAL's position) and recomputes both gauges against the slot's confirmed position. */
    synchronized void update(long nowMillis, long currentPosition, Long confirmedPosition) {
        samples.addLast(new long[] {nowMillis, currentPosition});
        while (!samples.isEmpty() && samples.peekFirst()[0] < nowMillis - KEEP_MILLIS) {
            samples.removeFirst();
        }
        if (confirmedPosition == null) {
            lagSeconds = Double.NaN;
            slotLagBytes = Double.NaN;
            return;
        }
        slotLagBytes = Math.max(0, currentPosition - confirmedPosition);
        lagSeconds = 0;
        for (long[] sample : samples) {
            if (sample[1] > confirmedPosition) {
                // the first sample that saw WAL past what the relay confirmed: that write is at least this old
                lagSeconds = (nowMillis - sample[0]) / 1000.0;
                break;
            }
        }
    }

    double lagSeconds() {
        return lagSeconds;
    }

    double slotLagBytes() {
        return slotLagBytes;
    }
}
