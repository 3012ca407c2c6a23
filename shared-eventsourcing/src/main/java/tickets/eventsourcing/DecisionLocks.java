package tickets.eventsourcing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The locks a decision holds (DESIGN.md section 9): transaction-scoped PostgreSQL advisory locks, one per key
 * (a stream id, a purchase id, a concert id), held until the transaction ends. A decision locks what it
 * reads as well as what it writes, so two decisions about one purchase run one after the other and each
 * reads the other's outcome; an optimistic version check still guards every append.
 *
 * <p>The one lock order, so that two decisions never wait for each other in a circle:
 * <ol>
 *   <li>a concert ({@link #shareConcert} by a decision that reads whether it was cancelled, {@link #holdConcert}
 *       only by the transaction that records its cancellation, which takes no other lock);</li>
 *   <li>the saga: the correlation id, which is the purchase id for every step of a purchase (the inbox takes the
 *       correlations of a whole batch at once, sorted; {@link #lockAll});</li>
 *   <li>the aggregate's own stream ({@link CommandHandler} takes the correlation and the stream itself).</li>
 * </ol>
 * Streams of one purchase are locked only while its purchase lock is held, so they cannot form a circle
 * either. Should a circle form anyway (a batch of events takes its purchases before a handler's concert),
 * PostgreSQL breaks it (SQLSTATE 40P01), the transaction rolls back and is retried: slower, never wrong.
 */
@ApplicationScoped
public class DecisionLocks {

    private static final String LOCK = "select lock_decision_keys(cast(cast(:keys as text) as jsonb), :shared)";

    @Inject
    ObjectMapper json;

    /** Locks the keys exclusively, in the order given (each once), for the rest of the transaction. */
    public Uni<Void> lock(List<String> keys) {
        return take(keys, false);
    }

    /** Locks the keys exclusively in one global order (sorted): for a set of keys of one level, e.g. a batch's purchases. */
    public Uni<Void> lockAll(Collection<String> keys) {
        return take(keys.stream().filter(Objects::nonNull).distinct().sorted().toList(), false);
    }

    /**
     * A decision that depends on whether the concert was cancelled reads that after this (a sale, a new hold, a
     * ticket): shared, so such decisions do not wait for one another, only for the cancellation.
     */
    public Uni<Void> shareConcert(Collection<java.util.UUID> concertIds) {
        return take(concertIds.stream().filter(Objects::nonNull).map(DecisionLocks::concertKey).distinct().sorted().toList(),
                true);
    }

    /**
     * The cancellation of a concert: waits until every decision that read the concert as not cancelled has
     * committed; every later one reads it cancelled. The transaction that takes it must take no other lock
     * (it is the first level, and held exclusively; a consumer of concerts.events that cancels reads one event
     * per transaction), and leaves what must change to later transactions.
     */
    public Uni<Void> holdConcert(java.util.UUID concertId) {
        return take(List.of(concertKey(concertId)), false);
    }

    /** A concert's lock has its own name: a stream keyed by the concert's id (a timer's, say) is another lock. */
    private static String concertKey(java.util.UUID concertId) {
        return "concert:" + concertId;
    }

    private Uni<Void> take(Collection<String> keys, boolean shared) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
        distinct.removeIf(Objects::isNull);
        if (distinct.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        var array = json.createArrayNode();
        distinct.forEach(array::add);
        return Panache.getSession().chain(session -> session.createNativeQuery(LOCK, Integer.class)
                        .setParameter("keys", array.toString()).setParameter("shared", shared).getSingleResult())
                .replaceWithVoid();
    }
}
