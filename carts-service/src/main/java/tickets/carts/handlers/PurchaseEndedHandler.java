package tickets.carts.handlers;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.contracts.reservations.ReservationsIntegrationEvent;
import tickets.eventsourcing.inbox.Inbox;

/** A purchase that ended (its reservation was rejected) frees the user to confirm another cart. */
@ApplicationScoped
public class PurchaseEndedHandler {

    @Inject
    Inbox inbox;
    @Inject
    ObjectMapper json;

    @Incoming("reservations")
    public Uni<Void> on(ConsumerRecord<String, String> record) {
        return inbox.processOnce("carts-purchase-ended", record, event -> {
            if (!event.type().equals("ReservationRejected")) {
                return Uni.createFrom().voidItem();
            }
            var rejected = event.payloadAs(json, ReservationsIntegrationEvent.ReservationRejected.class);
            return Panache.getSession().chain(session -> session
                    .createNativeQuery("delete from purchase_in_flight where cart_id = :cartId")
                    .setParameter("cartId", rejected.cartId())
                    .executeUpdate()).replaceWithVoid();
        });
    }
}
