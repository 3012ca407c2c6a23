package tickets.concerts.api;

import tickets.concerts.ConcertCommand.ConcertDetails;
import tickets.concerts.DeliveryMethod;
import tickets.concerts.TicketLevel;
import tickets.contracts.InvalidValue;
import tickets.contracts.Money;
import tickets.eventsourcing.ValidationException;
import tickets.eventsourcing.http.Requests;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Request bodies of the concerts API. They only carry JSON; commands and value objects validate. */
public final class ConcertRequests {

    private ConcertRequests() {
    }

    /** A ticket level; {@code priceMinor} is in minor units (cents) of {@code currency}. */
    public record TicketLevelRequest(String name, Integer capacity, Long priceMinor, String currency,
                                     DeliveryMethod deliveryMethod) {
        TicketLevel toTicketLevel() {
            ValidationException.required(capacity, "capacity");
            ValidationException.required(priceMinor, "priceMinor");
            Money price;
            try {
                price = Money.of(priceMinor, currency);
            } catch (InvalidValue e) {
                // the request calls the amount priceMinor
                throw ValidationException.field(e.field().equals("amountMinor") ? "priceMinor" : e.field(), e.reason());
            }
            return new TicketLevel(name, capacity, price, deliveryMethod);
        }
    }

    public record CreateConcertRequest(String title, String artist, String venue, Instant startsAt,
                                       List<TicketLevelRequest> ticketLevels) {
        ConcertDetails details() {
            return new ConcertDetails(title, artist, venue, startsAt);
        }
    }

    public record UpdateConcertRequest(String title, String artist, String venue, Instant startsAt) {
        ConcertDetails details() {
            return new ConcertDetails(title, artist, venue, startsAt);
        }
    }

    public record UpdateTicketLevelsRequest(List<TicketLevelRequest> ticketLevels) {
    }

    public record CancelConcertRequest(String reason) {
    }

    static List<TicketLevel> levels(List<TicketLevelRequest> requests) {
        if (requests == null) {
            return null;
        }
        List<TicketLevel> levels = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            TicketLevelRequest request = requests.get(i);
            String prefix = "ticketLevels[" + i + "]";
            if (request == null) {
                throw ValidationException.field(prefix, "must be a ticket level object");
            }
            levels.add(Requests.nested(prefix, request::toTicketLevel));
        }
        return levels;
    }
}
