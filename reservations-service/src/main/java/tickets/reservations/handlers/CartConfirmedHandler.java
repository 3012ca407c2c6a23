package tickets.reservations.handlers;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.contracts.carts.CartsIntegrationEvent;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.inbox.Inbox;
import tickets.reservations.Reservations;

/** The saga's step CartConfirmed → ReservationCreated (one per concert) | ReservationRejected. */
@ApplicationScoped
public class CartConfirmedHandler {

    @Inject
    Inbox inbox;
    @Inject
    Reservations reservations;
    @Inject
    ObjectMapper json;

    @Incoming("carts")
    public Uni<Void> on(ConsumerRecord<String, String> record) {
        return inbox.processOnce("reservations-carts", record, event -> {
            if (!event.type().equals("CartConfirmed")) {
                return Uni.createFrom().voidItem();
            }
            var cart = event.payloadAs(json, CartsIntegrationEvent.CartConfirmed.class);
            // the cart id ties the purchase together; this event caused what follows
            var context = new CommandContext(cart.cartId().toString(), event.id().toString(), cart.userId().toString());
            return reservations.reserve(cart, context);
        });
    }
}
