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
import tickets.reservations.ReservationCommand.CreateReservation;
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
 * Reserves a confirmed cart all-or-nothing, inside the caller's (the inbox's) transaction: takes
 * each line from the ledger in a fixed order (no deadlocks between carts), and if any line cannot
 * be taken, gives back what was taken and records one rejection with the reason per line. Ids are
 * derived from the cart, so a redelivered cart cannot reserve twice.
 */
@ApplicationScoped
public class Reservations {

    @Inject
    CapacityLedger ledger;
    @Inject
    CommandHandler commands;
    @Inject
    ReservationAggregate reservations;
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
                            expiresAt), context).replaceWithVoid());
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

    static UUID derivedId(String kind, UUID cartId, UUID concertId) {
        String name = kind + ":" + cartId + (concertId == null ? "" : ":" + concertId);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
