package tickets.carts;

import tickets.contracts.Money;
import tickets.contracts.concerts.ConcertsIntegrationEvent.DeliveryMethod;

import java.util.UUID;

/** What the catalog (fed by concerts.events) says about one ticket level at the moment of a command. */
public record CatalogEntry(UUID concertId, String ticketLevel, boolean concertCancelled, Money unitPrice,
                           DeliveryMethod deliveryMethod) {
}
