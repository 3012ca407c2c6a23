package tickets.orders;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.eventsourcing.timers.DueItem;
import tickets.eventsourcing.timers.DueWorkHandler;

/**
 * A cancelled concert's sold orders are compensated once its cancellation has committed (due work on
 * the concert's id, written with it): apart from the cancellation, because that transaction holds the
 * concert's lock alone ({@link tickets.eventsourcing.DecisionLocks#holdConcert}); retried until it succeeds.
 */
@ApplicationScoped
public class ConcertSalesCompensation implements DueWorkHandler {

    public static final String KIND = "concert-sales-compensation";

    @Inject
    Orders orders;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<Void> run(DueItem item) {
        return orders.compensateSalesOf(item.streamId(), item.context());
    }
}
