package tickets.reservations;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.ExpectedVersion;
import tickets.reservations.ReservationCommand.ExpireReservation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The durable hold-time timer: each active reservation has a row in {@code reservation_expiry};
 * due rows are claimed with SKIP LOCKED and expired in the same transaction. The rows live in
 * the database, so a reservation whose hold passed while the service was down expires as soon as
 * it is back.
 */
@ApplicationScoped
public class ExpiryTimer {

    private static final Logger LOG = Logger.getLogger(ExpiryTimer.class);
    private static final String DUE = """
            select reservation_id from reservation_expiry where expires_at <= now()
            order by expires_at limit 50 for update skip locked""";

    @Inject
    CommandHandler commands;
    @Inject
    ReservationAggregate reservations;

    @Scheduled(every = "${tickets.reservations.expiry-check-every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return expireDue().onFailure().recoverWithItem(e -> {
            LOG.warnf("expiring reservations failed, will retry: %s", e.getMessage());
            return 0;
        }).replaceWithVoid();
    }

    /** Expires every reservation whose hold time has passed; returns how many. */
    public Uni<Integer> expireDue() {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(DUE, UUID.class).getResultList())
                .chain(ids -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    Instant now = Instant.now();
                    for (UUID id : (List<UUID>) ids) {
                        chain = chain.chain(() -> commands.handle(reservations, id, ExpectedVersion.ANY,
                                new ExpireReservation(id, now), new CommandContext("expiry-" + id, "hold-time", null))
                                .replaceWithVoid());
                    }
                    return chain.replaceWith(ids.size());
                }));
    }
}
