package tickets.orders;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import tickets.contracts.orders.OrdersIntegrationEvent;
import tickets.eventsourcing.EventSourcedAggregate;
import tickets.eventsourcing.OutgoingMessage;
import tickets.orders.projections.OrderProjection;

import java.util.List;
import java.util.UUID;

/** The TicketOrder aggregate as the command handler sees it. */
@Singleton // stateless; constructor-injected, so no client proxy
public class OrderAggregate extends EventSourcedAggregate<TicketOrder, OrderCommand, OrderEvent> {

    @Inject
    public OrderAggregate(OrderProjection readModel) {
        super("TicketOrder", OrderEvent.class, TicketOrder.INITIAL, TicketOrder::evolve, TicketOrder::decide, readModel);
    }

    /** The one place where an order's domain events become integration events. */
    @Override
    public List<OutgoingMessage> publish(UUID streamId, OrderEvent event) {
        OrdersIntegrationEvent contract = switch (event) {
            case OrderEvent.OrderCreated e -> new OrdersIntegrationEvent.OrderCreated(e.orderId(), e.purchaseId(),
                    e.reservationId(), e.userId(), e.concertId(), lines(e.lines()), e.total().amountMinor(),
                    e.total().currency(), e.ordersInPurchase());
            case OrderEvent.OrderCompleted e -> new OrdersIntegrationEvent.OrderCompleted(e.orderId(), e.purchaseId(),
                    e.reservationId(), e.userId(), e.concertId(), lines(e.lines()), e.total().amountMinor(),
                    e.total().currency(), e.shippingAddress());
            case OrderEvent.OrderCancelled e -> new OrdersIntegrationEvent.OrderCancelled(e.orderId(), e.purchaseId(),
                    e.reservationId(), e.userId(), e.concertId(), e.total().amountMinor(), e.total().currency(),
                    e.reason(), e.compensated());
        };
        return List.of(OutgoingMessage.of(contract, OrdersIntegrationEvent.SCHEMA_VERSION));
    }

    private static List<OrdersIntegrationEvent.Line> lines(List<OrderLine> lines) {
        return lines.stream().map(l -> new OrdersIntegrationEvent.Line(l.ticketLevel(), l.quantity(), l.unitPriceMinor()))
                .toList();
    }
}
