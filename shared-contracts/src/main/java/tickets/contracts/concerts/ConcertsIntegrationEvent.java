package tickets.contracts.concerts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tickets.contracts.Money;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the Concerts context publishes on {@code concerts.events}. Consumers ignore fields and
 * types they do not know; a breaking change is a new type or schema version, never an edit.
 */
public sealed interface ConcertsIntegrationEvent {

    /** Version 1 of every type below. */
    int SCHEMA_VERSION = 1;

    UUID concertId();

    /** How tickets of a level reach the customer. */
    enum DeliveryMethod { ONLINE, PRINTED }

    /** A ticket level with its capacity and its price in minor units of {@code currency}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TicketLevel(String name, int capacity, long priceMinor, String currency, DeliveryMethod deliveryMethod) {

        /** The price as the platform's one money type. */
        @JsonIgnore
        public Money price() {
            return Money.of(priceMinor, currency);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConcertCreated(UUID concertId, String title, String artist, String venue, Instant startsAt,
                          List<TicketLevel> ticketLevels) implements ConcertsIntegrationEvent {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConcertUpdated(UUID concertId, String title, String artist, String venue, Instant startsAt)
            implements ConcertsIntegrationEvent {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TicketLevelsUpdated(UUID concertId, List<TicketLevel> ticketLevels) implements ConcertsIntegrationEvent {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConcertCancelled(UUID concertId, String reason) implements ConcertsIntegrationEvent {
    }
}
