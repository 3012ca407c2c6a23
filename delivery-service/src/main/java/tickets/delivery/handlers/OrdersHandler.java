package tickets.delivery.handlers;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.contracts.orders.OrdersIntegrationEvent;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCancelled;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCompleted;
import tickets.delivery.Deliveries;
import tickets.eventsourcing.inbox.Inbox;

import java.util.List;
import java.util.Set;

/** orders.events → OrderCompleted: the order's tickets; a compensated order: its tickets revoked. */
@ApplicationScoped
public class OrdersHandler {

    @Inject
    Inbox inbox;
    @Inject
    Deliveries deliveries;

    @Incoming("orders")
    public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleEach(batch, OrdersIntegrationEvent.class, Set.of(), (event, context) -> switch (event) {
            case OrderCompleted completed -> deliveries.orderCompleted(completed, context);
            case OrderCancelled cancelled when cancelled.compensated() ->
                    deliveries.revoke(cancelled.orderId(), "order compensated: " + cancelled.reason(), context);
            default -> Uni.createFrom().voidItem();
        });
    }
}
