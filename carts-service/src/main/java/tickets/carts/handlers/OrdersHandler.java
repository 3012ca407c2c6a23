package tickets.carts.handlers;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.carts.projections.PurchaseSlots;
import tickets.contracts.orders.OrdersIntegrationEvent;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCancelled;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCompleted;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCreated;
import tickets.contracts.orders.OrdersIntegrationEvent.PurchaseEnded;
import tickets.eventsourcing.inbox.Inbox;

import java.util.List;
import java.util.Set;

/** orders.events → a purchase that ended (completed, cancelled or rejected) frees its customer's slot. */
@ApplicationScoped
public class OrdersHandler {

    /** What this consumer does nothing with: acknowledged without a transaction (Inbox.handleEach). */
    private static final java.util.Set<Class<? extends OrdersIntegrationEvent>> IGNORED =
            java.util.Set.of(OrderCreated.class, OrderCompleted.class, OrderCancelled.class);

    @Inject
    Inbox inbox;
    @Inject
    PurchaseSlots slots;

    @Incoming("orders")
    public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleEach(batch, OrdersIntegrationEvent.class, IGNORED, (event, context) -> switch (event) {
            case PurchaseEnded ended -> slots.free(ended.purchaseId());
            case OrderCreated created -> Uni.createFrom().voidItem(); // IGNORED: the slot is held already
            case OrderCompleted completed -> Uni.createFrom().voidItem(); // IGNORED
            case OrderCancelled cancelled -> Uni.createFrom().voidItem(); // IGNORED
        });
    }
}
