package tickets.payments.handlers;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.contracts.Money;
import tickets.contracts.orders.OrdersIntegrationEvent;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCancelled;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCompleted;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCreated;
import tickets.contracts.orders.OrdersIntegrationEvent.PurchaseEnded;
import tickets.eventsourcing.inbox.Inbox;
import tickets.payments.Payments;
import tickets.payments.projections.PayablePurchases;

import java.util.List;
import java.util.Set;

/** orders.events → what can be paid, and a compensated order's refund. */
@ApplicationScoped
public class OrdersHandler {

    /** What this consumer does nothing with: acknowledged without a transaction (Inbox.handleEach). */
    private static final java.util.Set<Class<? extends OrdersIntegrationEvent>> IGNORED =
            java.util.Set.of(OrderCompleted.class);

    @Inject
    Inbox inbox;
    @Inject
    PayablePurchases purchases;
    @Inject
    Payments payments;

    @Incoming("orders")
    public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleEach(batch, OrdersIntegrationEvent.class, IGNORED, (event, context) -> switch (event) {
            case OrderCreated created -> purchases.orderCreated(created);
            case OrderCancelled cancelled -> cancelled.compensated()
                    ? payments.refund(cancelled.purchaseId(), cancelled.orderId(),
                            Money.of(cancelled.totalMinor(), cancelled.currency()), context)
                    : purchases.blocked(cancelled.purchaseId());
            case PurchaseEnded ended -> purchases.ended(ended.purchaseId());
            case OrderCompleted completed -> Uni.createFrom().voidItem(); // IGNORED
        });
    }
}
