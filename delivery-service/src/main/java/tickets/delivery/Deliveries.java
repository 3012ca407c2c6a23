package tickets.delivery;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCompleted;
import tickets.delivery.DeliveryCommand.AdmitTicket;
import tickets.delivery.DeliveryCommand.DeliverOnlineTicket;
import tickets.delivery.DeliveryCommand.DeliverPrintedTicket;
import tickets.delivery.DeliveryCommand.IssuedTicket;
import tickets.delivery.DeliveryCommand.Line;
import tickets.delivery.DeliveryCommand.PrepareTicketDelivery;
import tickets.delivery.DeliveryCommand.RevokeTickets;
import tickets.delivery.DeliveryRules.TicketNotFound;
import tickets.delivery.codes.SigningKeys;
import tickets.delivery.codes.TicketCode;
import tickets.delivery.projections.ConcertInfo;
import tickets.delivery.projections.TicketView;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.CommandResult;
import tickets.eventsourcing.DecisionLocks;
import tickets.eventsourcing.timers.DueWork;
import tickets.eventsourcing.ExpectedVersion;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The Delivery context's steps: tickets for a completed order (online ones delivered at once),
 * the box office's dispatch of printed ones, revocation, and admission at the door.
 */
@ApplicationScoped
public class Deliveries {

    @Inject
    CommandHandler commands;
    @Inject
    DeliveryAggregate deliveries;
    @Inject
    ConcertInfo concerts;
    @Inject
    SigningKeys keys;
    @Inject
    DecisionLocks locks;
    @Inject
    DueWork dueWork;

    /** A ticket's id derives from its order, level and number, so a repeated preparation makes the same tickets. */
    public static UUID ticketIdOf(UUID orderId, String level, int number) {
        return UUID.nameUUIDFromBytes(("ticket:" + orderId + ":" + level.toLowerCase(Locale.ROOT) + ":" + number)
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The order completed: one signed ticket per unit, the online ones delivered now (in the inbox's transaction).
     * Under the concert's shared lock, so a cancellation either committed before (the tickets are revoked at once)
     * or waits and then finds these tickets to revoke.
     */
    public Uni<Void> orderCompleted(OrderCompleted order, CommandContext context) {
        return locks.shareConcert(List.of(order.concertId())).chain(() -> concerts.methods(order.concertId()))
                .chain(methods -> keys.current().chain(key -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            List<Line> lines = new ArrayList<>();
            List<IssuedTicket> tickets = new ArrayList<>();
            for (var line : order.lines()) {
                lines.add(new Line(line.ticketLevel(), line.quantity()));
                for (int n = 1; n <= line.quantity(); n++) {
                    UUID ticketId = ticketIdOf(order.orderId(), line.ticketLevel(), n);
                    tickets.add(new IssuedTicket(ticketId, line.ticketLevel(), TicketCode.sign(new TicketCode.Claims(
                            ticketId, order.concertId(), line.ticketLevel(), now, key.keyId()), key.privateKey())));
                }
            }
            return commands.handle(deliveries, order.orderId(), ExpectedVersion.ANY, new PrepareTicketDelivery(
                            order.orderId(), order.purchaseId(), order.userId(), order.concertId(), lines, methods, tickets,
                            order.shippingAddress(), now), context)
                    .chain(prepared -> deliverOnline(prepared, context))
                    .chain(() -> concerts.printed(order.concertId()))
                    .chain(concert -> concert != null && concert.cancelled()
                            ? revoke(order.orderId(), "the concert was cancelled", context) : Uni.createFrom().voidItem());
        }));
    }

    private Uni<Void> deliverOnline(CommandResult<TicketDelivery, DeliveryEvent> prepared, CommandContext context) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (TicketDelivery.Ticket ticket : prepared.state().tickets().values()) {
            if (ticket.method() == DeliveryMethod.ONLINE && ticket.status() == TicketDelivery.TicketStatus.PENDING) {
                chain = chain.chain(() -> commands.handle(deliveries, prepared.streamId(), ExpectedVersion.ANY,
                        new DeliverOnlineTicket(prepared.streamId(), ticket.ticketId(), Instant.now()), context)
                        .replaceWithVoid());
            }
        }
        return chain;
    }

    /** None of the order's tickets admits anyone any more (nothing happens if it has none). */
    public Uni<Void> revoke(UUID orderId, String reason, CommandContext context) {
        return commands.handle(deliveries, orderId, ExpectedVersion.ANY, new RevokeTickets(orderId, reason, Instant.now()),
                context).replaceWithVoid();
    }

    /**
     * The concert was cancelled: remembered first, under the concert's own lock and nothing else, so tickets being
     * issued either committed before or are revoked as they are issued. Its tickets are revoked afterwards, each
     * order in its purchase's saga, as due work ({@link ConcertTicketsRevocation}); orders compensates the orders.
     */
    public Uni<Void> concertCancelled(UUID concertId, CommandContext context) {
        return locks.holdConcert(concertId).chain(() -> concerts.cancel(concertId))
                .chain(() -> dueWork.scheduleNow(ConcertTicketsRevocation.KIND, concertId, context));
    }

    /** Every ticket of a cancelled concert is revoked, each order in its purchase's saga (the purchases locked first, sorted). */
    public Uni<Void> revokeTicketsOf(UUID concertId, CommandContext context) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select distinct order_id, purchase_id from ticket_view where concert_id = :id and status <> 'REVOKED'
                        order by order_id""", Object[].class).setParameter("id", concertId).getResultList())
                .chain(orders -> locks.lockAll(orders.stream().map(row -> row[1].toString()).toList())
                        .chain(() -> tickets.eventsourcing.Sequentially.forEach(orders, row -> revoke((UUID) row[0],
                                "the concert was cancelled", context.correlatedWith((UUID) row[1])))));
    }

    /** The box office posted a printed ticket. */
    public Uni<CommandResult<TicketDelivery, DeliveryEvent>> dispatch(UUID ticketId, String carrier, String trackingNumber,
                                                                     CommandContext context) {
        return Panache.withTransaction(() -> view(ticketId).chain(view -> commands.handle(deliveries, view.orderId,
                ExpectedVersion.ANY, new DeliverPrintedTicket(view.orderId, ticketId, carrier, trackingNumber,
                        Instant.now()), context)));
    }

    /**
     * A scanned code at the door: genuine (signed by a published key), known, delivered, not revoked, and admitted
     * once. Scans of one ticket at once queue on its order's lock: the second reads the first's admission.
     */
    public Uni<Admission> checkIn(String code, CommandContext context) {
        return Panache.withTransaction(() -> keys.publicKeys().chain(published -> {
            TicketCode.Claims claims = TicketCode.verify(code, published::get);
            return TicketView.<TicketView>findById(claims.ticketId()).chain(view -> {
                if (view == null || !view.concertId.equals(claims.concertId())
                        || !view.ticketLevel.equalsIgnoreCase(claims.ticketLevel())) {
                    throw new TicketNotFound(claims.ticketId());
                }
                return commands.handle(deliveries, view.orderId, ExpectedVersion.ANY,
                                new AdmitTicket(view.orderId, claims.ticketId(), Instant.now()), context)
                        .map(result -> {
                            TicketDelivery.Ticket ticket = result.state().tickets().get(claims.ticketId());
                            return new Admission(ticket.ticketId(), result.state().concertId(), ticket.ticketLevel(),
                                    ticket.admittedAt(), claims.keyId());
                        });
            });
        }));
    }

    /** A ticket admitted at the door. */
    public record Admission(UUID ticketId, UUID concertId, String ticketLevel, Instant admittedAt, String keyId) {
    }

    private static Uni<TicketView> view(UUID ticketId) {
        return TicketView.<TicketView>findById(ticketId).map(view -> {
            if (view == null) {
                throw new TicketNotFound(ticketId);
            }
            return view;
        });
    }
}
