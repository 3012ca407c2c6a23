package tickets.reservations;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.ExpectedVersion;
import tickets.eventsourcing.timers.DueItem;
import tickets.eventsourcing.timers.DueWorkHandler;
import tickets.reservations.ReservationCommand.ExpireReservation;

/**
 * The hold-time timer: when a reservation's expiry is due (by the database's clock, which also
 * decides), it expires, one reservation per transaction. A reservation that ended meanwhile stays
 * as it is. The timer rows live in the database, so a hold that passed while the service was down
 * expires as soon as it is back.
 */
@ApplicationScoped
public class ReservationExpiry implements DueWorkHandler {

    public static final String KIND = "reservation-expiry";

    @Inject
    CommandHandler commands;
    @Inject
    ReservationAggregate reservations;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<Void> run(DueItem item) {
        return commands.handle(reservations, item.streamId(), ExpectedVersion.ANY,
                new ExpireReservation(item.streamId(), item.now()), item.context()).replaceWithVoid();
    }
}
