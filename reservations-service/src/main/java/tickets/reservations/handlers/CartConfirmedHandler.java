package tickets.reservations.handlers;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.contracts.carts.CartsIntegrationEvent;
import tickets.contracts.carts.CartsIntegrationEvent.CartConfirmed;
import tickets.eventsourcing.inbox.IntegrationBatchHandler.Received;
import tickets.eventsourcing.inbox.Inbox;
import tickets.reservations.Reservations;

import java.util.ArrayList;
import java.util.List;

/**
 * The saga's step CartConfirmed → ReservationCreated (one per concert) | ReservationRejected, a
 * batch of carts per transaction (the channel is consumed in batches: a flash sale's carts for one
 * level are decided hundreds at a time, not one commit each).
 */
@ApplicationScoped
public class CartConfirmedHandler {

    @Inject
    Inbox inbox;
    @Inject
    Reservations reservations;

    @Incoming("carts")
    public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleBatch(batch, CartsIntegrationEvent.class, events -> {
            List<Received<CartConfirmed>> confirmed = new ArrayList<>(events.size());
            for (Received<CartsIntegrationEvent> received : events) {
                switch (received.event()) {
                    case CartConfirmed cart -> confirmed.add(new Received<>(cart, received.context()));
                }
            }
            return reservations.reserveAll(confirmed);
        });
    }
}
