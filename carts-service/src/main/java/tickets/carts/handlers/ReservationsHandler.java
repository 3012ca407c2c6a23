package tickets.carts.handlers;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.carts.projections.PurchaseSlots;
import tickets.contracts.reservations.ReservationsIntegrationEvent;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationCancelled;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationCreated;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationExpired;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationRejected;
import tickets.eventsourcing.inbox.Inbox;

/** reservations.events → a purchase that ended (rejected, or every hold ended) frees its customer's slot. */
@ApplicationScoped
public class ReservationsHandler {

    @Inject
    Inbox inbox;
    @Inject
    PurchaseSlots slots;

    @Incoming("reservations")
    public Uni<Void> on(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        return inbox.handle(record, ReservationsIntegrationEvent.class, (event, context) -> switch (event) {
            case ReservationRejected rejected -> slots.free(rejected.cartId());
            case ReservationCancelled cancelled -> slots.holdEnded(cancelled.cartId(), cancelled.reservationId());
            case ReservationExpired expired -> slots.holdEnded(expired.cartId(), expired.reservationId());
            case ReservationCreated created -> Uni.createFrom().voidItem(); // the slot is held already
        });
    }
}
