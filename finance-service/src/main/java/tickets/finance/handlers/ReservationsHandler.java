package tickets.finance.handlers;

import tickets.contracts.Topics;
import tickets.eventsourcing.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.contracts.reservations.ReservationsIntegrationEvent;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationCancelled;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationConfirmed;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationCreated;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationExpired;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationRejected;
import tickets.finance.audit.PurchaseAudit;

import java.util.Set;
import java.util.stream.Collectors;

/** reservations.events → the audit's facts: the seats sold for each purchase (a hold confirmed). */
@ApplicationScoped
public class ReservationsHandler {

    /** What the audit does nothing with: acknowledged without a transaction (Inbox.handleEach). */
    private static final Set<Class<? extends ReservationsIntegrationEvent>> IGNORED = Set.of(ReservationCreated.class,
            ReservationRejected.class, ReservationCancelled.class, ReservationExpired.class);

    @Inject
    PurchaseAudit audit;

    /** reservations.events, read on the service's one saga channel ({@link SagaEvents}). */
    public Inbox.Route<ReservationsIntegrationEvent> route() {
        return Inbox.Route.of(Topics.RESERVATIONS, ReservationsIntegrationEvent.class, IGNORED, (event, context) -> switch (event) {
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
