package tickets.reservations.handlers;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.contracts.orders.OrdersIntegrationEvent;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCancelled;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCompleted;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCreated;
import tickets.contracts.orders.OrdersIntegrationEvent.PurchaseEnded;
import tickets.eventsourcing.inbox.Inbox;
import tickets.reservations.Reservations;

import java.util.List;
import java.util.Set;

/** The saga's step OrderCancelled → the order's hold is released (a sold one stays sold). */
@ApplicationScoped
public class OrdersHandler {

    /** What this consumer does nothing with: acknowledged without a transaction (Inbox.handleEach). */
    private static final java.util.Set<Class<? extends OrdersIntegrationEvent>> IGNORED =
            java.util.Set.of(OrderCreated.class, OrderCompleted.class, PurchaseEnded.class);

    @Inject
    Inbox inbox;
    @Inject
    Reservations reservations;

    @Incoming("orders")
    public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        // the ledger rows of every hold this batch may release, locked at once in the ledger's order
        return inbox.handleEach(batch, OrdersIntegrationEvent.class, IGNORED, events -> reservations.lockLedgerOf(
                events.stream().filter(OrderCancelled.class::isInstance).map(e -> ((OrderCancelled) e).reservationId())
                        .toList()), (event, context) -> switch (event) {
            case OrderCancelled cancelled -> reservations.release(cancelled.reservationId(),
                    "order cancelled: " + cancelled.reason(), context);
            case OrderCreated created -> Uni.createFrom().voidItem(); // IGNORED
            case OrderCompleted completed -> Uni.createFrom().voidItem(); // IGNORED
            case PurchaseEnded ended -> Uni.createFrom().voidItem(); // IGNORED
        });
    }
}
