package tickets.reservations.handlers;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.contracts.carts.CartsIntegrationEvent;
import tickets.contracts.carts.CartsIntegrationEvent.CartConfirmed;
import tickets.eventsourcing.inbox.Inbox;
import tickets.reservations.Reservations;

/** The saga's step CartConfirmed → ReservationCreated (one per concert) | ReservationRejected. */
@ApplicationScoped
public class CartConfirmedHandler {

    @Inject
    Inbox inbox;
    @Inject
    Reservations reservations;

    @Incoming("carts")
    public Uni<Void> on(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        return inbox.handle(record, CartsIntegrationEvent.class, (event, context) -> switch (event) {
            case CartConfirmed cart -> reservations.reserve(cart, context.onBehalfOf(cart.userId().toString()));
        });
    }
}
