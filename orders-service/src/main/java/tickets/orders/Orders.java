package tickets.orders;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.DecisionLocks;
import tickets.eventsourcing.timers.DueWork;
import tickets.eventsourcing.ExpectedVersion;
import tickets.orders.OrderCommand.CancelOrder;
import tickets.orders.OrderCommand.CompensateOrder;
import tickets.orders.OrderCommand.CompleteOrder;
import tickets.orders.OrderCommand.CreateOrder;
import tickets.orders.OrderEvent.OrderCancelled;
import tickets.orders.OrderEvent.OrderCompleted;
import tickets.orders.PurchaseCommand.AttachOrder;
import tickets.orders.PurchaseCommand.NoteOrderEnded;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The saga steps of the Orders context, each in the caller's (the inbox's) transaction: an order
 * per hold, each order's end noted on its purchase, and the purchase's payment deciding whether a
 * hold that ends cancels its order or compensates it.
 */
@ApplicationScoped
public class Orders {

    @Inject
    CommandHandler commands;
    @Inject
    OrderAggregate orders;
    @Inject
    PurchaseAggregate purchases;
    @Inject
    DecisionLocks locks;
    @Inject
    DueWork dueWork;

    /** One order per hold: its id derives from the reservation's, so a repeated hold makes no second order. */
    public static UUID orderIdOf(UUID reservationId) {
        return UUID.nameUUIDFromBytes(("order:" + reservationId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Tells the purchase a fact (in the purchase's saga: its lock is held), then does what the purchase's rules
     * require of its orders: a paid order that ended unsold is compensated, an order that arrived after the
     * purchase could no longer complete is cancelled.
     */
    public Uni<Void> noteOnPurchase(PurchaseCommand command, CommandContext context) {
        CommandContext inItsSaga = context.correlatedWith(command.purchaseId());
        return commands.handle(purchases, command.purchaseId(), ExpectedVersion.ANY, command, inItsSaga)
                .chain(result -> tickets.eventsourcing.Sequentially.forEach(result.newEvents(), event -> switch (event) {
                    case PurchaseEvent.CompensationRequired required -> change(required.orderId(),
                            new CompensateOrder(required.orderId(), required.reason()), inItsSaga);
                    case PurchaseEvent.CancellationRequired required -> change(required.orderId(),
                            new CancelOrder(required.orderId(), required.reason()), inItsSaga);
                    default -> Uni.createFrom().voidItem();
                }));
    }

    /** A hold was created: its order, attached to the purchase. */
    public Uni<Void> createOrder(CreateOrder create, CommandContext context) {
        return commands.handle(orders, create.orderId(), ExpectedVersion.ANY, create, context)
                .chain(result -> noteOnPurchase(new AttachOrder(create.purchaseId(), create.userId(), create.orderId(),
                        create.concertId(), result.state().total(), create.ordersInPurchase(), Instant.now()), context));
    }

    /**
     * The hold was sold: the order completes, unless its concert was cancelled (read under the concert's shared
     * lock: the cancellation either committed before, and is seen, or waits for this sale and then finds it
     * completed); then it is compensated at once.
     */
    public Uni<Void> holdSold(UUID reservationId, UUID concertId, CommandContext context) {
        UUID orderId = orderIdOf(reservationId);
        return locks.shareConcert(java.util.List.of(concertId)).chain(() -> concertCancelled(concertId))
                .chain(cancelled -> change(orderId, new CompleteOrder(orderId, reservationId, cancelled), context));
    }

    /**
     * The hold ended unsold: the order is cancelled, or compensated if its purchase was paid. An
     * unpaid purchase is bought whole or not at all, so its other open orders are cancelled too
     * (and their holds released).
     */
    public Uni<Void> holdEnded(UUID purchaseId, UUID reservationId, String reason, CommandContext context) {
        UUID orderId = orderIdOf(reservationId);
        return commands.read(purchases, purchaseId).chain(purchase -> purchase.state().isPaid()
                ? change(orderId, new CompensateOrder(orderId, reason + " after the purchase was paid"), context)
                : change(orderId, new CancelOrder(orderId, reason), context)
                        .chain(() -> eachOrder(purchaseId, order -> order.status().equals("OPEN")
                                ? change(order.orderId(), new CancelOrder(order.orderId(),
                                        "another part of the purchase ended: " + reason), context)
                                : Uni.createFrom().voidItem())));
    }

    /** The payment failed: every open order of the purchase is cancelled. */
    public Uni<Void> paymentFailed(UUID purchaseId, String reason, CommandContext context) {
        return eachOrder(purchaseId, order -> order.status().equals("OPEN")
                ? change(order.orderId(), new CancelOrder(order.orderId(), "payment failed: " + reason), context)
                : Uni.createFrom().voidItem());
    }

    /**
     * A concert was cancelled: remembered first, under the concert's own lock and nothing else, so a sale either
     * committed before (and is compensated below) or reads the concert as cancelled. The sold orders are
     * compensated afterwards, in their purchases' sagas, as due work ({@link ConcertSalesCompensation}); its open
     * ones end when reservations releases their holds.
     */
    public Uni<Void> concertCancelled(UUID concertId, CommandContext context) {
        return locks.holdConcert(concertId)
                .chain(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "insert into cancelled_concert (concert_id) values (:id) on conflict do nothing")
                        .setParameter("id", concertId).executeUpdate()))
                .chain(() -> dueWork.scheduleNow(ConcertSalesCompensation.KIND, concertId, context));
    }

    /** The sold orders of a cancelled concert are compensated, each in its purchase's saga (the purchases locked first, sorted). */
    public Uni<Void> compensateSalesOf(UUID concertId, CommandContext context) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select id, purchase_id from order_view where concert_id = :concertId and status = 'COMPLETED' order by id",
                        Object[].class).setParameter("concertId", concertId).getResultList())
                .chain(sold -> locks.lockAll(sold.stream().map(row -> row[1].toString()).toList())
                        .chain(() -> tickets.eventsourcing.Sequentially.forEach(sold, row -> change((UUID) row[0],
                                new CompensateOrder((UUID) row[0], "the concert was cancelled"),
                                context.correlatedWith((UUID) row[1])))));
    }

    private Uni<Boolean> concertCancelled(UUID concertId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select count(*) from cancelled_concert where concert_id = :id", Long.class)
                .setParameter("id", concertId).getSingleResult()).map(count -> count > 0);
    }

    private Uni<Void> eachOrder(UUID purchaseId, java.util.function.Function<Purchase.Order, Uni<Void>> step) {
        return commands.read(purchases, purchaseId).chain(purchase -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Purchase.Order order : purchase.state().orders().values()) {
                chain = chain.chain(() -> step.apply(order));
            }
            return chain;
        });
    }

    /** Changes an order and notes its end on its purchase, in one transaction. */
    private Uni<Void> change(UUID orderId, OrderCommand command, CommandContext context) {
        return commands.handle(orders, orderId, ExpectedVersion.ANY, command, context).chain(result -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (OrderEvent event : result.newEvents()) {
                PurchaseCommand noted = switch (event) {
                    case OrderCompleted completed -> new NoteOrderEnded(completed.purchaseId(), orderId, true, false,
                            "sold", Instant.now());
                    case OrderCancelled cancelled -> new NoteOrderEnded(cancelled.purchaseId(), orderId, false,
                            cancelled.compensated(), cancelled.reason(), Instant.now());
                    case OrderEvent.OrderCreated created -> null;
                };
                if (noted != null) {
                    chain = chain.chain(() -> noteOnPurchase(noted, context));
                }
            }
            return chain;
        });
    }
}
