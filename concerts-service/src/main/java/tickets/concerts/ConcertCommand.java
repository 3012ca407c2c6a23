package tickets.concerts;

import tickets.eventsourcing.ValidationException;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What an admin can ask of a concert. Each command is valid by construction; the aggregate checks the state. */
public sealed interface ConcertCommand {

    int MAX_TEXT_LENGTH = 200;

    UUID concertId();

    /** {@code requestedAt} is when the admin asked: a concert is created for a future date. */
    record CreateConcert(UUID concertId, ConcertDetails details, List<TicketLevel> ticketLevels, Instant requestedAt)
            implements ConcertCommand {
        public CreateConcert {
            ValidationException.required(concertId, "concertId");
            ValidationException.required(details, "details");
            ticketLevels = TicketLevel.validLevels(ticketLevels);
            ValidationException.required(requestedAt, "requestedAt");
        }
    }

    record UpdateConcert(UUID concertId, ConcertDetails details) implements ConcertCommand {
        public UpdateConcert {
            ValidationException.required(concertId, "concertId");
            ValidationException.required(details, "details");
        }
    }

    record UpdateTicketLevels(UUID concertId, List<TicketLevel> ticketLevels) implements ConcertCommand {
        public UpdateTicketLevels {
            ValidationException.required(concertId, "concertId");
            ticketLevels = TicketLevel.validLevels(ticketLevels);
        }
    }

    record CancelConcert(UUID concertId, String reason) implements ConcertCommand {
        public CancelConcert {
            ValidationException.required(concertId, "concertId");
            reason = ValidationException.text(reason, "reason", MAX_TEXT_LENGTH);
        }
    }

    /** What a concert is: title, artist, venue and start time (within years 2000 to 9999). */
    record ConcertDetails(String title, String artist, String venue, Instant startsAt) {

        public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
        public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

        public ConcertDetails {
            title = ValidationException.text(title, "title", MAX_TEXT_LENGTH);
            artist = ValidationException.text(artist, "artist", MAX_TEXT_LENGTH);
            venue = ValidationException.text(venue, "venue", MAX_TEXT_LENGTH);
            ValidationException.required(startsAt, "startsAt");
            ValidationException.require(!startsAt.isBefore(EARLIEST) && !startsAt.isAfter(LATEST), "startsAt",
                    "must be between " + EARLIEST + " and " + LATEST);
        }
    }
}
