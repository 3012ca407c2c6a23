package tickets.concerts;

import tickets.concerts.ConcertCommand.ConcertDetails;

import java.util.List;
import java.util.UUID;

/** The Concerts context's own domain events, as stored in its event table. */
public sealed interface ConcertEvent {

    UUID concertId();

    record ConcertCreated(UUID concertId, ConcertDetails details, List<TicketLevel> ticketLevels) implements ConcertEvent {
    }

    record ConcertUpdated(UUID concertId, ConcertDetails details) implements ConcertEvent {
    }

    record TicketLevelsUpdated(UUID concertId, List<TicketLevel> ticketLevels) implements ConcertEvent {
    }

    record ConcertCancelled(UUID concertId, String reason) implements ConcertEvent {
    }
}
