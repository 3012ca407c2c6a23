package tickets.eventsourcing.timers;

import io.smallrye.mutiny.Uni;

/**
 * Does one kind of due work (a CDI bean per kind). Runs in the transaction that claimed the item;
 * when it completes the item is done, when it fails the item is tried again later with growing
 * delays while the other due items go on.
 */
public interface DueWorkHandler {

    /** The kind this handler does, as given to {@link DueWork#schedule}. */
    String kind();

    Uni<Void> run(DueItem item);
}
