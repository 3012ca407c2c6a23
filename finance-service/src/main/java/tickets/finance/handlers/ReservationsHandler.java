package tickets.finance.handlers;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.contracts.reservations.ReservationsIntegrationEvent;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationCancelled;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationConfirmed;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationCreated;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationExpired;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationRejected;
import tickets.finance.audit.PurchaseAudit;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** reservations.events → the audit's facts: the seats sold for each purchase (a hold confirmed). */
@ApplicationScoped
public class ReservationsHandler {

    /** What the audit does nothing with: acknowledged without a transaction (Inbox.handleEach). */
    private static final Set<Class<? extends ReservationsIntegrationEvent>> IGNORED = Set.of(ReservationCreated.class,
            ReservationRejected.class, ReservationCancelled.class, ReservationExpired.class);

    @Inject
    tickets.eventsourcing.inbox.Inbox inbox;
    @Inject
    PurchaseAudit audit;

    @Incoming("reservations")
    public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleEach(batch, ReservationsIntegrationEvent.class, IGNORED, (event, context) -> switch (event) {
            case ReservationConfirmed sold -> audit.record(sold.cartId(), facts -> facts.withUser(sold.userId())
                    .withSold(sold.reservationId(), sold.concertId(), sold.lines().stream().collect(Collectors.toMap(
                            ReservationsIntegrationEvent.Line::ticketLevel, ReservationsIntegrationEvent.Line::quantity,
                            Integer::sum))), context);
            case ReservationCreated created -> Uni.createFrom().voidItem(); // IGNORED
            case ReservationRejected rejected -> Uni.createFrom().voidItem(); // IGNORED
            case ReservationCancelled cancelled -> Uni.createFrom().voidItem(); // IGNORED
            case ReservationExpired expired -> Uni.createFrom().voidItem(); // IGNORED
        });
    }
}
