package tickets.orders;

import tickets.contracts.ShippingAddress;
import tickets.contracts.Money;
import tickets.orders.OrderCommand.CancelOrder;
import tickets.orders.OrderCommand.CompensateOrder;
import tickets.orders.OrderCommand.CompleteOrder;
import tickets.orders.OrderCommand.CreateOrder;
import tickets.orders.OrderEvent.OrderCancelled;
import tickets.orders.OrderEvent.OrderCompleted;
import tickets.orders.OrderEvent.OrderCreated;
import tickets.orders.OrderRules.NotThisOrdersSale;
import tickets.orders.OrderRules.OrderAlreadyCompleted;
import tickets.orders.OrderRules.OrderNotFound;

import java.util.List;
import java.util.UUID;

/**
 * The order for one hold (one concert) of a purchase. It completes only with the confirmed sale of
 * its own reservation (which only a confirmed payment brings); it ends unsold when its hold ends
 * before payment; and once paid for, an order that can no longer stand is compensated, exactly once.
 */
public record TicketOrder(UUID id, Status status, UUID purchaseId, UUID reservationId, UUID userId, UUID concertId,
                          List<OrderLine> lines, Money total, int ordersInPurchase, boolean compensated,
                          String endReason, ShippingAddress shippingAddress) {

    public enum Status { NONE, OPEN, COMPLETED, CANCELLED }

    public static final TicketOrder INITIAL = new TicketOrder(null, Status.NONE, null, null, null, null, List.of(), null,
            0, false, null, null);

    public static List<OrderEvent> decide(OrderCommand command, TicketOrder state) {
        return switch (command) {
            case CreateOrder create -> {
                if (state.status != Status.NONE) {
                    yield List.of(); // one order per hold: a repeated creation is the same order
                }
                Money total = Money.zero(create.currency());
                for (OrderLine line : create.lines()) {
                    total = total.plus(line.total(create.currency()));
                }
                yield List.of(new OrderCreated(create.orderId(), create.purchaseId(), create.reservationId(),
                        create.userId(), create.concertId(), create.lines(), total, create.ordersInPurchase(),
                        create.shippingAddress()));
            }
            case CompleteOrder complete -> {
                state.requireExists(complete.orderId());
                if (!complete.soldReservationId().equals(state.reservationId)) {
                    throw new NotThisOrdersSale(complete.orderId());
                }
                if (complete.concertCancelled()) {
                    // sold after the concert was cancelled: the sale cannot stand, the order is compensated at once
                    yield state.status == Status.CANCELLED && state.compensated ? List.of()
                            : List.of(state.cancelled("the concert was cancelled before the sale", true));
                }
                yield switch (state.status) {
                    case OPEN -> List.of(new OrderCompleted(complete.orderId(), state.purchaseId, state.reservationId,
                            state.userId, state.concertId, state.lines, state.total, state.shippingAddress));
                    // sold after the order had ended unsold: the sale cannot stand
                    case CANCELLED -> state.compensated ? List.of()
                            : List.of(state.cancelled("sold after the order had ended", true));
                    case COMPLETED, NONE -> List.of();
                };
            }
            case CancelOrder cancel -> {
                state.requireExists(cancel.orderId());
                yield switch (state.status) {
                    case OPEN -> List.of(state.cancelled(cancel.reason(), false));
                    case COMPLETED -> throw new OrderAlreadyCompleted(cancel.orderId());
                    case CANCELLED, NONE -> List.of();
                };
            }
            case CompensateOrder compensate -> {
                state.requireExists(compensate.orderId());
                yield state.status == Status.CANCELLED && state.compensated ? List.of()
                        : List.of(state.cancelled(compensate.reason(), true));
            }
        };
    }

    public static TicketOrder evolve(TicketOrder state, OrderEvent event) {
        return switch (event) {
            case OrderCreated created -> new TicketOrder(created.orderId(), Status.OPEN, created.purchaseId(),
                    created.reservationId(), created.userId(), created.concertId(), created.lines(), created.total(),
                    created.ordersInPurchase(), false, null, created.shippingAddress());
            case OrderCompleted completed -> state.with(Status.COMPLETED, false, null);
            case OrderCancelled cancelled -> state.with(Status.CANCELLED, cancelled.compensated(), cancelled.reason());
        };
    }

    private OrderCancelled cancelled(String reason, boolean compensation) {
        return new OrderCancelled(id, purchaseId, reservationId, userId, concertId, total, reason, compensation);
    }

    private TicketOrder with(Status newStatus, boolean nowCompensated, String reason) {
        return new TicketOrder(id, newStatus, purchaseId, reservationId, userId, concertId, lines, total, ordersInPurchase,
                nowCompensated, reason, shippingAddress);
    }

    private void requireExists(UUID orderId) {
        if (status == Status.NONE) {
            throw new OrderNotFound(orderId);
        }
    }
}
