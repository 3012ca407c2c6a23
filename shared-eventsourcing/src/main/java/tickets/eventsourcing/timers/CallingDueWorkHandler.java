package tickets.eventsourcing.timers;

import io.smallrye.mutiny.Uni;

import java.time.Duration;

/**
 * Due work that talks to another system (a payment provider, say), never from inside a database
 * transaction: {@link #prepare} runs in the transaction that claims the item, under its stream's
 * locks, and says what to call; that transaction commits with the item leased for {@link #lease};
 * {@link #call} then runs with no transaction and no lock held; {@link #record} writes what the
 * answer changes in a new transaction, under the same locks again. A slow system therefore holds
 * no database connection, and a decision about the stream can happen while the call is out (so
 * {@link #record} judges the answer against the stream as it is then). If the process dies during
 * the call, the lease runs out and the item is run again: the call must be safe to repeat (an
 * idempotency key). A failing call or record backs the item off like any due work.
 *
 * @param <R> what to call (prepared from the stream's state)
 * @param <A> the other system's answer
 */
public interface CallingDueWorkHandler<R, A> extends DueWorkHandler {

    /** In the claiming transaction: what to call, or {@code null} when nothing is (the item is then done). */
    Uni<R> prepare(DueItem item);

    /** With no transaction open: the call itself. */
    Uni<A> call(R request);

    /** In a new transaction, the stream's locks held: what the answer changes. */
    Uni<Void> record(DueItem item, R request, A answer);

    /** How long a call may take before the item is due again (as if the process had died during it). */
    default Duration lease() {
        return Duration.ofSeconds(60);
    }

    /** Not used: {@link DueWork} runs the three steps itself. */
    @Override
    default Uni<Void> run(DueItem item) {
        return Uni.createFrom().failure(new UnsupportedOperationException(kind() + " is run in three steps by DueWork"));
    }
}
