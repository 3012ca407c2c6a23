package tickets.reservations;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import tickets.contracts.carts.CartsIntegrationEvent.CartConfirmed;
import tickets.contracts.carts.CartsIntegrationEvent.Line;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.ExpectedVersion;
import tickets.eventsourcing.timers.DueWork;
import tickets.reservations.ReservationCommand.ConfirmReservation;
import tickets.reservations.ReservationCommand.CreateReservation;
import tickets.reservations.ReservationCommand.ReleaseHold;
import tickets.reservations.ReservationCommand.RejectReservation;
import tickets.reservations.projections.CapacityLedger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The saga steps of Reservations, each in the caller's (the inbox's) transaction. A confirmed cart
 * is reserved all-or-nothing: each line is taken from the ledger in a fixed order (no deadlocks
 * between carts), and if any line cannot be taken, what was taken is given back and one rejection
 * records the reason per line. Ids are derived from the cart, so a redelivered cart cannot reserve
 * twice. A paid purchase sells its holds, again all-or-nothing.
 */
@ApplicationScoped
public class Reservations {

    @Inject
    CapacityLedger ledger;
    @Inject
    CommandHandler commands;
    @Inject
    ReservationAggregate reservations;
    @Inject
    DueWork dueWork;
    @ConfigProperty(name = "tickets.reservations.hold", defaultValue = "PT10M")
    Duration hold;

    Clock clock = Clock.systemUTC();

    /**
     * Reserves the cart (once: a cart already decided, under another message id say, is left as it
     * is). Runs in the caller's transaction.
     */
    public Uni<Void> reserve(CartConfirmed cart, CommandContext context) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select count(*) from reservation_view where cart_id = :cartId", Long.class)
                .setParameter("cartId", cart.cartId()).getSingleResult())
                .chain(decided -> decided > 0 ? Uni.createFrom().voidItem() : takeAllOrNothing(cart, context));
    }

    private Uni<Void> takeAllOrNothing(CartConfirmed cart, CommandContext context) {
        List<Line> lines = new ArrayList<>(cart.lines());
        lines.sort(Comparator.comparing((Line l) -> l.concertId().toString())
                .thenComparing(l -> l.ticketLevel().toLowerCase(Locale.ROOT)));
        List<Line> taken = new ArrayList<>();
        List<Line> refused = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Line line : lines) {
            chain = chain.chain(() -> ledger.take(line.concertId(), line.ticketLevel(), line.quantity())
                    .invoke(ok -> (ok ? taken : refused).add(line)).replaceWithVoid());
        }
        return chain.chain(() -> refused.isEmpty() ? created(cart, context) : rejected(cart, taken, refused, context));
    }

    private Uni<Void> created(CartConfirmed cart, CommandContext context) {
        Map<UUID, List<ReservationLine>> byConcert = new LinkedHashMap<>();
        for (Line line : cart.lines()) {
            byConcert.computeIfAbsent(line.concertId(), c -> new ArrayList<>())
                    .add(new ReservationLine(line.ticketLevel(), line.quantity(), line.unitPriceMinor()));
        }
        var expiresAt = clock.instant().plus(hold);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var entry : byConcert.entrySet()) {
            UUID id = derivedId("reservation", cart.cartId(), entry.getKey());
            chain = chain.chain(() -> commands.handle(reservations, id, ExpectedVersion.NO_STREAM,
                    new CreateReservation(id, cart.cartId(), cart.userId(), entry.getKey(), entry.getValue(), cart.currency(),
                            expiresAt, byConcert.size(), cart.shippingAddress()), context).replaceWithVoid());
        }
        return chain;
    }

    private Uni<Void> rejected(CartConfirmed cart, List<Line> taken, List<Line> refused, CommandContext context) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Line line : taken) {
            chain = chain.chain(() -> ledger.release(line.concertId(), line.ticketLevel(), line.quantity()));
        }
        List<RejectedLine> reasons = new ArrayList<>();
        for (Line line : refused) {
            chain = chain.chain(() -> ledger.available(line.concertId(), line.ticketLevel()).invoke(available ->
                    reasons.add(new RejectedLine(line.concertId(), line.ticketLevel(), line.quantity(), available,
                            available == 0 ? "sold out, unknown or cancelled" : "only " + available + " left")))
                    .replaceWithVoid());
        }
        UUID id = derivedId("rejection", cart.cartId(), null);
        return chain.chain(() -> commands.handle(reservations, id, ExpectedVersion.NO_STREAM,
                new RejectReservation(id, cart.cartId(), cart.userId(), reasons), context).replaceWithVoid());
    }

    /**
     * The purchase (the cart) was paid: every hold of it is sold, or, if any of them had already
     * ended, none is and the rest are released (orders then compensates the payment). The holds are
     * locked (in id order) before they are read, so an expiry or a cancellation cannot slip in between.
     */
    public Uni<Void> purchasePaid(UUID cartId, UUID paymentId, CommandContext context) {
        return holds("select id from reservation_view where cart_id = :key and concert_id is not null order by id",
                cartId).chain(ids -> {
            Uni<Void> locked = Uni.createFrom().voidItem();
            for (UUID id : ids) {
                locked = locked.chain(() -> dueWork.lockStream(id));
            }
            List<Reservation> holds = new ArrayList<>();
            for (UUID id : ids) {
                locked = locked.chain(() -> commands.read(reservations, id).invoke(read -> holds.add(read.state()))
                        .replaceWithVoid());
            }
            return locked.chain(() -> {
                boolean allStand = holds.stream().allMatch(hold -> hold.status() == Reservation.Status.ACTIVE
                        || hold.status() == Reservation.Status.CONFIRMED);
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (Reservation hold : holds) {
                    ReservationCommand command = allStand ? new ConfirmReservation(hold.id(), paymentId)
                            : new ReleaseHold(hold.id(), "purchase incomplete: another hold of it had ended before payment");
                    chain = chain.chain(() -> commands.handle(reservations, hold.id(), ExpectedVersion.ANY, command, context)
                            .replaceWithVoid());
                }
                return chain;
            });
        });
    }

    /** The hold's order ended unsold (or was compensated): the hold is released if it is still held. */
    public Uni<Void> release(UUID reservationId, String reason, CommandContext context) {
        return commands.read(reservations, reservationId).chain(hold -> hold.version() == 0 ? Uni.createFrom().voidItem()
                : commands.handle(reservations, reservationId, ExpectedVersion.ANY, new ReleaseHold(reservationId, reason),
                        context).replaceWithVoid());
    }

    /** The concert was cancelled: every hold of it still held is released (sold ones are compensated by orders). */
    public Uni<Void> concertCancelled(UUID concertId, CommandContext context) {
        return holds("select id from reservation_view where concert_id = :key and status = 'ACTIVE' order by id",
                concertId).chain(ids -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (UUID id : ids) {
                chain = chain.chain(() -> release(id, "the concert was cancelled", context));
            }
            return chain;
        });
    }

    private Uni<List<UUID>> holds(String sql, UUID key) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql, UUID.class)
                .setParameter("key", key).getResultList());
    }

    static UUID derivedId(String kind, UUID cartId, UUID concertId) {
        String name = kind + ":" + cartId + (concertId == null ? "" : ":" + concertId);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
