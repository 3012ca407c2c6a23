package tickets.orders.handlers;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.contracts.carts.CartsIntegrationEvent;
import tickets.contracts.carts.CartsIntegrationEvent.CartConfirmed;
import tickets.eventsourcing.inbox.Inbox;
import tickets.orders.Orders;
import tickets.orders.PurchaseCommand.NoteCartConfirmed;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** carts.events → a purchase starts when its cart is confirmed (the first step of its timeline). */
@ApplicationScoped
public class CartsHandler {

    @Inject
    Inbox inbox;
    @Inject
    Orders orders;

    @Incoming("carts")
    public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleEach(batch, CartsIntegrationEvent.class, Set.of(), (event, context) -> switch (event) {
            case CartConfirmed cart -> orders.noteOnPurchase(new NoteCartConfirmed(cart.cartId(), cart.userId(),
                    (int) cart.lines().stream().map(CartsIntegrationEvent.Line::concertId).distinct().count(),
                    cart.total(), Instant.now()), context);
        });
    }
}
