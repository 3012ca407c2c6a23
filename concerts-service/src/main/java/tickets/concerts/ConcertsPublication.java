package tickets.concerts;

import tickets.contracts.concerts.ConcertsIntegrationEvent;

import java.util.List;

/** The one place where Concerts' domain events become its public integration events on {@code concerts.events}. */
public final class ConcertsPublication {

    private ConcertsPublication() {
    }

    public static tickets.eventsourcing.OutgoingMessage toIntegrationEvent(ConcertEvent event) {
        ConcertsIntegrationEvent contract = switch (event) {
            case ConcertEvent.ConcertCreated e -> new ConcertsIntegrationEvent.ConcertCreated(e.concertId(),
                    e.details().title(), e.details().artist(), e.details().venue(), e.details().startsAt(),
                    levels(e.ticketLevels()));
            case ConcertEvent.ConcertUpdated e -> new ConcertsIntegrationEvent.ConcertUpdated(e.concertId(),
                    e.details().title(), e.details().artist(), e.details().venue(), e.details().startsAt());
            case ConcertEvent.TicketLevelsUpdated e -> new ConcertsIntegrationEvent.TicketLevelsUpdated(e.concertId(),
                    levels(e.ticketLevels()));
            case ConcertEvent.ConcertCancelled e -> new ConcertsIntegrationEvent.ConcertCancelled(e.concertId(), e.reason());
        };
        return tickets.eventsourcing.OutgoingMessage.of(contract, ConcertsIntegrationEvent.SCHEMA_VERSION);
    }

    private static List<ConcertsIntegrationEvent.TicketLevel> levels(List<TicketLevel> levels) {
        return levels.stream()
                .map(level -> new ConcertsIntegrationEvent.TicketLevel(level.name(), level.capacity(),
                        level.price().amountMinor(), level.price().currency(),
                        ConcertsIntegrationEvent.DeliveryMethod.valueOf(level.deliveryMethod().name())))
                .toList();
    }
}
