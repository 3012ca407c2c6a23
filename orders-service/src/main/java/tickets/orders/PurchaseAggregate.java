package tickets.orders;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import tickets.contracts.orders.OrdersIntegrationEvent;
import tickets.eventsourcing.EventSourcedAggregate;
import tickets.eventsourcing.OutgoingMessage;
import tickets.orders.projections.PurchaseProjection;

import java.util.List;
import java.util.UUID;

/** The Purchase aggregate as the command handler sees it: only its end is published. */
@Singleton // stateless; constructor-injected, so no client proxy
public class PurchaseAggregate extends EventSourcedAggregate<Purchase, PurchaseCommand, PurchaseEvent> {

    @Inject
    public PurchaseAggregate(PurchaseProjection readModel) {
        super("Purchase", PurchaseEvent.class, Purchase.INITIAL, Purchase::evolve, Purchase::decide, readModel);
    }

    @Override
    public List<OutgoingMessage> publish(UUID streamId, PurchaseEvent event) {
        if (event instanceof PurchaseEvent.PurchaseEnded ended) {
            return List.of(OutgoingMessage.of(new OrdersIntegrationEvent.PurchaseEnded(streamId, ended.userId(),
                    OrdersIntegrationEvent.Outcome.valueOf(ended.outcome().name()), ended.reason()),
                    OrdersIntegrationEvent.SCHEMA_VERSION));
        }
        return List.of();
    }
}
