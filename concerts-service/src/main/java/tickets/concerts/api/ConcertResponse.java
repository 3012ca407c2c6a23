package tickets.concerts.api;

import tickets.concerts.Concert;
import tickets.concerts.projections.ConcertView;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A concert as clients see it; {@code version} is also the ETag. */
public record ConcertResponse(UUID id, String title, String artist, String venue, Instant startsAt, String status,
                              String cancellationReason, List<TicketLevelResponse> ticketLevels, long version) {

    public record TicketLevelResponse(String name, int capacity, long priceMinor, String currency,
                                      String deliveryMethod) {
    }

    static ConcertResponse from(Concert concert, long version) {
        return new ConcertResponse(concert.id(), concert.details().title(), concert.details().artist(),
                concert.details().venue(), concert.details().startsAt(), concert.status().name(),
                concert.cancellationReason(),
                concert.ticketLevels().stream().map(level -> new TicketLevelResponse(level.name(), level.capacity(),
                        level.price().amountMinor(), level.price().currency(), level.deliveryMethod().name())).toList(),
                version);
    }

    static ConcertResponse from(ConcertView view) {
        return new ConcertResponse(view.id, view.title, view.artist, view.venue, view.startsAt, view.status,
                view.cancellationReason,
                view.ticketLevels.levels().stream().map(level -> new TicketLevelResponse(level.name(), level.capacity(),
                        level.priceMinor(), level.currency(), level.deliveryMethod())).toList(),
                view.version);
    }

    /** One page of concerts. */
    public record Page(List<ConcertResponse> items, int page, int size, long total) {
    }
}
