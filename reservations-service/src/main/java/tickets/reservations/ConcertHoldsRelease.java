package tickets.reservations;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.eventsourcing.timers.DueItem;
import tickets.eventsourcing.timers.DueWorkHandler;

/**
 * A cancelled concert's holds still held are released, once its cancellation has committed (due work
 * on the concert's id, written with it): done apart from the cancellation, because that transaction
 * holds the concert's lock alone ({@link tickets.eventsourcing.DecisionLocks#holdConcert}), and retried
 * until it succeeds.
 */
@ApplicationScoped
public class ConcertHoldsRelease implements DueWorkHandler {

    public static final String KIND = "concert-holds-release";

    @Inject
    Reservations reservations;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<Void> run(DueItem item) {
        return reservations.releaseHoldsOfCancelledConcert(item.streamId(), item.context());
    }
}
