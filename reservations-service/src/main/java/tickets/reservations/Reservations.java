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
import tickets.eventsourcing.DecisionLocks;
import tickets.eventsourcing.EventStore;
import tickets.eventsourcing.ExpectedVersion;
import tickets.eventsourcing.inbox.IntegrationBatchHandler;
import tickets.eventsourcing.timers.DueWork;
import tickets.reservations.ReservationCommand.ConfirmReservation;
import tickets.reservations.ReservationCommand.CreateReservation;
import tickets.reservations.ReservationCommand.ReleaseHold;
import tickets.reservations.ReservationCommand.RejectReservation;
import tickets.reservations.projections.CapacityLedger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The saga steps of Reservations, each in the caller's (the inbox's) transaction. Confirmed carts
 * are reserved in batches, each cart all-or-nothing ({@link #reserveAll}). Ids are derived from the
 * cart, so a redelivered cart cannot reserve twice. A paid purchase sells its holds, again
 * all-or-nothing.
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
    @Inject
    DecisionLocks locks;
    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;
    @ConfigProperty(name = "tickets.reservations.hold", defaultValue = "PT10M")
    Duration hold;

    Clock clock = Clock.systemUTC();

    /**
     * Decides a batch of confirmed carts in the caller's (the inbox's) transaction, in arrival
     * order: each cart is reserved all-or-nothing (one hold per concert) or rejected with the
     * reason per line. The batch's level rows are locked once, the carts are decided in memory
     * against what is left, and every row, event, outbox message, read-model row and expiry timer
     * of the batch is written with a few multi-row statements. A cart decided before (under another
     * message id, say) is left as it is.
     */
    /** How a batch of carts was decided: carts held (all their lines) and carts rejected. */
    public record Decided(int held, int rejected) {
    }

    public Uni<Decided> reserveAll(List<IntegrationBatchHandler.Received<CartConfirmed>> confirmed) {
        Map<UUID, IntegrationBatchHandler.Received<CartConfirmed>> byCart = new LinkedHashMap<>();
        for (var received : confirmed) {
            byCart.putIfAbsent(received.event().cartId(), received);
        }
        java.util.Set<Map.Entry<UUID, String>> levels = new java.util.LinkedHashSet<>();
        byCart.values().forEach(received -> received.event().lines()
                .forEach(line -> levels.add(Map.entry(line.concertId(), line.ticketLevel()))));
        // The concerts first (a cancellation waits for this batch, or this batch reads it as cancelled), then the
        // levels, before the carts are looked up: a cart decided concurrently (under another message id) needs
        // the same locks, so its decision is committed and seen here.
        java.util.Set<UUID> concerts = new java.util.TreeSet<>();
        levels.forEach(level -> concerts.add(level.getKey()));
        return locks.shareConcert(concerts).chain(() -> ledger.lock(levels)).chain(locked -> decidedAlready(byCart.keySet()).chain(decided -> {
            byCart.keySet().removeAll(decided);
            var allocation = new CapacityAllocation<>(locked.left(), locked::levelOf);
            var expiresAt = clock.instant().plus(hold);
            List<CommandHandler.NewStream<ReservationCommand>> streams = new ArrayList<>();
            int held = 0;
            for (var received : byCart.values()) {
                CartConfirmed cart = received.event();
                CommandContext context = received.context().onBehalfOf(cart.userId().toString());
                switch (allocation.decide(cart)) {
                    case CapacityAllocation.Outcome.Held ignored -> {
                        held++;
                        holdsOf(cart, expiresAt, context, streams);
                    }
                    case CapacityAllocation.Outcome.Rejected rejected -> {
                        UUID id = derivedId("rejection", cart.cartId(), null);
                        streams.add(new CommandHandler.NewStream<>(id,
                                new RejectReservation(id, cart.cartId(), cart.userId(), rejected.lines()), context));
                    }
                }
            }
            Decided decisions = new Decided(held, byCart.size() - held);
            return ledger.takeAll(allocation.taken())
                    .chain(() -> commands.startAll(reservations, streams)).replaceWith(decisions);
        }));
    }

    private static void holdsOf(CartConfirmed cart, Instant expiresAt, CommandContext context,
                             List<CommandHandler.NewStream<ReservationCommand>> streams) {
        Map<UUID, List<ReservationLine>> byConcert = new LinkedHashMap<>();
        for (Line line : cart.lines()) {
            byConcert.computeIfAbsent(line.concertId(), c -> new ArrayList<>())
                    .add(new ReservationLine(line.ticketLevel(), line.quantity(), line.unitPriceMinor()));
        }
        byConcert.forEach((concertId, lines) -> {
            UUID id = derivedId("reservation", cart.cartId(), concertId);
            streams.add(new CommandHandler.NewStream<>(id, new CreateReservation(id, cart.cartId(), cart.userId(),
                    concertId, lines, cart.currency(), expiresAt, byConcert.size(), cart.shippingAddress()), context));
        });
    }

    private Uni<List<UUID>> decidedAlready(java.util.Collection<UUID> cartIds) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select distinct cart_id from reservation_view
                        where cart_id in (select cast(id as uuid) from jsonb_array_elements_text(cast(cast(:ids as text) as jsonb)) as ids(id))""",
                        UUID.class)
                .setParameter("ids", EventStore.uuidArray(json, cartIds)).getResultList());
    }

    /**
     * The purchase (the cart) was paid: every hold of it is sold, or, if any of them had already ended or its
     * concert was cancelled, none is and the rest are released (orders then compensates the payment). Runs
     * under the purchase's lock (the inbox's); the concerts are read after their shared locks (a cancellation
     * is either seen here or waits for this sale), the holds after theirs, in id order, so an expiry or a
     * cancellation cannot slip in between.
     */
    public Uni<Void> purchasePaid(UUID cartId, UUID paymentId, CommandContext context) {
        return holdsOfPurchase(cartId).chain(held -> {
            java.util.Set<UUID> concerts = new java.util.TreeSet<>(held.values());
            List<UUID> ids = new ArrayList<>(held.keySet());
            List<Reservation> holds = new ArrayList<>();
            return locks.shareConcert(concerts)
                    .chain(() -> locks.lockAll(ids.stream().map(UUID::toString).toList()))
                    .chain(() -> ledger.cancelledAmong(concerts))
                    .call(() -> tickets.eventsourcing.Sequentially.forEach(ids, id -> commands.read(reservations, id)
                            .invoke(read -> holds.add(read.state()))))
                    .chain(cancelled -> {
                        boolean allStand = cancelled.isEmpty() && holds.stream().allMatch(hold -> hold.status()
                                == Reservation.Status.ACTIVE || hold.status() == Reservation.Status.CONFIRMED);
                        if (allStand) {
                            return tickets.eventsourcing.Sequentially.forEach(holds, hold -> commands.handle(reservations,
                                    hold.id(), ExpectedVersion.ANY, new ConfirmReservation(hold.id(), paymentId), context));
                        }
                        String reason = cancelled.isEmpty()
                                ? "purchase incomplete: another hold of it had ended before payment"
                                : "purchase incomplete: the concert was cancelled before the sale";
                        return releaseAll(holds.stream().filter(hold -> hold.status() == Reservation.Status.ACTIVE).toList(),
                                reason, context);
                    });
        });
    }

    /**
     * Releases several holds in one transaction: their ledger rows are locked first, all at once in the
     * ledger's one order, so this cannot wait in a circle with a batch of new holds that takes the same rows.
     */
    private Uni<Void> releaseAll(List<Reservation> holds, String reason, CommandContext context) {
        return ledger.lock(levelsOf(holds)).chain(() -> tickets.eventsourcing.Sequentially.forEach(holds,
                hold -> commands.handle(reservations, hold.id(), ExpectedVersion.ANY, new ReleaseHold(hold.id(), reason),
                        context)));
    }

    /** Before a batch releases holds (its orders ended): the ledger rows of those still held, in the ledger's order. */
    public Uni<Void> lockLedgerOf(List<UUID> reservationIds) {
        if (reservationIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select v.concert_id, l->>'ticketLevel' from reservation_view v, jsonb_array_elements(v.lines->'lines') l
                        where v.id in (select cast(id as uuid) from jsonb_array_elements_text(cast(cast(:ids as text) as jsonb)) as ids(id))
                          and v.status = 'ACTIVE'""", Object[].class)
                        .setParameter("ids", EventStore.uuidArray(json, reservationIds)).getResultList())
                .chain(rows -> {
                    java.util.Set<Map.Entry<UUID, String>> levels = new java.util.LinkedHashSet<>();
                    rows.forEach(row -> levels.add(Map.entry((UUID) row[0], (String) row[1])));
                    return ledger.lock(levels).replaceWithVoid();
                });
    }

    private static java.util.Set<Map.Entry<UUID, String>> levelsOf(List<Reservation> holds) {
        java.util.Set<Map.Entry<UUID, String>> levels = new java.util.LinkedHashSet<>();
        holds.forEach(hold -> hold.lines().forEach(line -> levels.add(Map.entry(hold.concertId(), line.ticketLevel()))));
        return levels;
    }

    /** The hold's order ended unsold (or was compensated): the hold is released if it is still held. */
    public Uni<Void> release(UUID reservationId, String reason, CommandContext context) {
        return commands.read(reservations, reservationId).chain(hold -> hold.version() == 0 ? Uni.createFrom().voidItem()
                : commands.handle(reservations, reservationId, ExpectedVersion.ANY, new ReleaseHold(reservationId, reason),
                        context).replaceWithVoid());
    }

    /**
     * The concert was cancelled: remembered first, under the concert's own lock and nothing else, so every
     * decision that reads the concert (a new hold, a sale) either committed before or sees it cancelled. Its
     * holds still held are released afterwards, in their own transaction ({@link ConcertHoldsRelease}).
     */
    public Uni<Void> concertCancelled(UUID concertId, CommandContext context) {
        return locks.holdConcert(concertId).chain(() -> ledger.cancelConcert(concertId))
                .chain(() -> dueWork.scheduleNow(ConcertHoldsRelease.KIND, concertId, context));
    }

    /**
     * The holds of a cancelled concert still held are released, each in its purchase's saga: the purchases'
     * locks first (sorted), then the ledger rows of the concert, then each hold (sold ones are compensated by orders).
     */
    public Uni<Void> releaseHoldsOfCancelledConcert(UUID concertId, CommandContext context) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select id, cart_id from reservation_view where concert_id = :key and status = 'ACTIVE' order by id",
                        Object[].class).setParameter("key", concertId).getResultList())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    List<String> purchases = rows.stream().map(row -> row[1].toString()).toList();
                    List<Reservation> holds = new ArrayList<>();
                    return locks.lockAll(purchases)
                            .chain(() -> tickets.eventsourcing.Sequentially.forEach(rows, row -> commands.read(reservations,
                                    (UUID) row[0]).invoke(read -> holds.add(read.state()))))
                            .chain(() -> ledger.lock(levelsOf(holds)))
                            .chain(() -> tickets.eventsourcing.Sequentially.forEach(holds, hold -> hold.status()
                                    != Reservation.Status.ACTIVE ? Uni.createFrom().voidItem()
                                    : commands.handle(reservations, hold.id(), ExpectedVersion.ANY,
                                            new ReleaseHold(hold.id(), "the concert was cancelled"),
                                            context.correlatedWith(hold.cartId()))));
                });
    }

    /** The purchase's holds (not its rejection): id → concert. */
    private Uni<Map<UUID, UUID>> holdsOfPurchase(UUID cartId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select id, concert_id from reservation_view where cart_id = :key and concert_id is not null order by id",
                        Object[].class).setParameter("key", cartId).getResultList())
                .map(rows -> {
                    Map<UUID, UUID> held = new LinkedHashMap<>();
                    rows.forEach(row -> held.put((UUID) row[0], (UUID) row[1]));
                    return held;
                });
    }

    static UUID derivedId(String kind, UUID cartId, UUID concertId) {
        String name = kind + ":" + cartId + (concertId == null ? "" : ":" + concertId);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
