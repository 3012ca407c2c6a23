package tickets.finance.handlers;

import tickets.contracts.Topics;
import tickets.eventsourcing.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.contracts.orders.OrdersIntegrationEvent;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCancelled;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCompleted;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCreated;
import tickets.contracts.orders.OrdersIntegrationEvent.PurchaseEnded;
import tickets.finance.audit.PurchaseAudit;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** orders.events → the audit's facts: each order (its amount and seats) and how it ended, and each end of the purchase. */
@ApplicationScoped
public class OrdersHandler {

    @Inject
    PurchaseAudit audit;

    /** orders.events, read on the service's one saga channel ({@link SagaEvents}). */
    public Inbox.Route<OrdersIntegrationEvent> route() {
        return Inbox.Route.of(Topics.ORDERS, OrdersIntegrationEvent.class, Set.of(), (event, context) -> switch (event) {
            case OrderCreated created -> audit.record(created.purchaseId(), facts -> facts.withUser(created.userId())
                    .withOrder(created.orderId(), created.concertId(), created.totalMinor(), created.currency(),
                            seats(created.lines())), context);
            case OrderCompleted completed -> audit.record(completed.purchaseId(),
                    facts -> facts.withOrderEnded(completed.orderId(), true, false), context);
            case OrderCancelled cancelled -> audit.record(cancelled.purchaseId(),
                    facts -> facts.withOrderEnded(cancelled.orderId(), false, cancelled.compensated()), context);
            case PurchaseEnded ended -> audit.record(ended.purchaseId(),
                    facts -> facts.withUser(ended.userId()).withEnd(ended.outcome().name()), context);
        });
    }

    static Map<String, Integer> seats(List<OrdersIntegrationEvent.Line> lines) {
        return lines.stream().collect(Collectors.toMap(OrdersIntegrationEvent.Line::ticketLevel,
                OrdersIntegrationEvent.Line::quantity, Integer::sum));
    }
}
