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
            ValidationException.required(reason, "reason");
            reason = reason.strip();
            ValidationException.require(reason.length() <= MAX_TEXT_LENGTH, "reason",
                    "must be at most " + MAX_TEXT_LENGTH + " characters");
        }
    }

    /** What a concert is: title, artist, venue and start time. */
    record ConcertDetails(String title, String artist, String venue, Instant startsAt) {
        public ConcertDetails {
            title = text(title, "title");
            artist = text(artist, "artist");
            venue = text(venue, "venue");
            ValidationException.required(startsAt, "startsAt");
        }

        private static String text(String value, String field) {
            ValidationException.required(value, field);
            String stripped = value.strip();
            ValidationException.require(stripped.length() <= MAX_TEXT_LENGTH, field,
                    "must be at most " + MAX_TEXT_LENGTH + " characters");
            return stripped;
        }
    }
}
